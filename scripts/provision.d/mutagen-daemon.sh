# shellcheck shell=bash disable=SC2154
# SC2154: common.sh defines the shared names, and its callers source it first.

forward_check_session=provision-check

# Print the executable of each running "mutagen daemon run" process that uses
# $MUTAGEN_DATA_DIRECTORY, as /proc shows it (with " (deleted)" appended when
# the file was replaced).
find_daemon_executables() {
  local pids pid
  mapfile -t pids < <(pgrep -x -f 'mutagen daemon run' || true)
  for pid in "${pids[@]}"; do
    if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null \
      | grep -qxF "MUTAGEN_DATA_DIRECTORY=$MUTAGEN_DATA_DIRECTORY"; then
      readlink "/proc/$pid/exe" 2>/dev/null || true
    fi
  done
}

# Start the mutagen daemon for $MUTAGEN_DATA_DIRECTORY with the environment
# of .tools/env.sh. The docker transport calls the docker CLI from the daemon.
start_mutagen_daemon() {
  mkdir -p "$MUTAGEN_DATA_DIRECTORY"
  chmod 700 "$MUTAGEN_DATA_DIRECTORY"
  if MUTAGEN_DISABLE_AUTOSTART=1 "$mutagen_bin" forward list >/dev/null 2>&1; then
    # The daemon installs agents from the bundle beside its own executable.
    # A daemon from another clone, or from a binary that a rebuild replaced,
    # may have no bundle any more.
    local executable
    local foreign=''
    while IFS= read -r executable; do
      if [ "$executable" != "$mutagen_bin" ]; then
        foreign="$executable"
      fi
    done < <(find_daemon_executables)
    if [ -z "$foreign" ]; then
      log "mutagen: daemon for $MUTAGEN_DATA_DIRECTORY is running"
      return 0
    fi
    log "mutagen: restarting the daemon for $MUTAGEN_DATA_DIRECTORY, which runs $foreign"
    run_logged mutagen-daemon-stop "$mutagen_bin" daemon stop \
      || die "mutagen daemon stop failed for $MUTAGEN_DATA_DIRECTORY"
    # A new daemon exits at once while the old one still holds the lock.
    local waited=0
    while MUTAGEN_DISABLE_AUTOSTART=1 "$mutagen_bin" forward list >/dev/null 2>&1; do
      if [ "$waited" -ge 10 ]; then
        die "the mutagen daemon for $MUTAGEN_DATA_DIRECTORY still runs 10 s after mutagen daemon stop"
      fi
      sleep 1
      waited=$((waited + 1))
    done
  else
    log "mutagen: starting daemon for $MUTAGEN_DATA_DIRECTORY"
  fi

  "$mutagen_bin" daemon start || die "mutagen daemon start failed, so the mutagen daemon is missing"
  # The CLI retries its connection while the new daemon starts up.
  run_logged mutagen-forward-list "$mutagen_bin" forward list \
    || die "mutagen forward list failed, so the mutagen daemon does not respond"
}

# Forward the host dockerd socket into a throwaway container and ping dockerd
# through it. This proves that the agent bundle and the docker transport
# work before any test runs. Runs in a subshell for its EXIT trap.
check_forwarding() (
  log "check: pinging dockerd through a mutagen forward into a container"
  # A session left by an interrupted run would block the name.
  "$mutagen_bin" forward terminate "$forward_check_session" >/dev/null 2>&1 || true

  local container
  container="$(docker run -d --rm --network none "$test_image" sleep 60)" \
    || die "docker run of $test_image failed"
  trap 'remove_forward_check "$container"' EXIT

  run_logged forward-create "$mutagen_bin" forward create --name="$forward_check_session" \
    "docker://root@$container:unix:/tmp/ping.sock" "unix:$docker_socket" \
    || die "mutagen forward create into container $container failed"

  # The forward connects in the background, so the listener appears a moment
  # after create returns.
  local reply waited=0
  while true; do
    reply="$(docker exec "$container" curl -s --max-time 5 --unix-socket /tmp/ping.sock http://localhost/_ping 2>/dev/null)" \
      || reply=''
    if [ "$reply" = OK ]; then
      break
    fi
    if [ "$waited" -ge 30 ]; then
      "$mutagen_bin" forward list --long "$forward_check_session" >&2 || true
      die "curl in container $container got '$reply' from /tmp/ping.sock within 30 s, expected OK"
    fi
    sleep 1
    waited=$((waited + 1))
  done
)

remove_forward_check() {
  "$mutagen_bin" forward terminate "$forward_check_session" >/dev/null 2>&1 || true
  docker rm -f "$1" >/dev/null 2>&1 || true
}
