# shellcheck shell=bash disable=SC2154
# SC2154: common.sh defines the shared names, and its callers source it first.

# Succeed when the pidfile names a running dockerd, which may still be
# starting up.
dockerd_is_running() {
  local pid
  pid="$(cat "$docker_pidfile" 2>/dev/null)" || return 1
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = dockerd ]
}

# Start a private dockerd on $docker_socket unless one responds there. vfs
# works on any filesystem. With --bridge=none, a container gets only loopback
# unless it is started with --network host, and no iptables rule touches the host.
start_dockerd() {
  if docker_responds_to_ping; then
    log "dockerd: $docker_socket responds to _ping"
    return 0
  fi

  command -v dockerd >/dev/null || die "dockerd not found (Debian package docker.io)"
  # dockerd gives the socket to group docker, which exists only after the
  # docker.io package created it.
  if ! getent group docker >/dev/null; then
    groupadd --system docker
  fi
  mkdir -p "$ci_run_dir" "$docker_data_root"

  local pid=''
  if dockerd_is_running; then
    pid="$(cat "$docker_pidfile")"
    log "dockerd: waiting for dockerd $pid, which is running but does not respond to _ping yet"
  else
    log "dockerd: starting on $docker_socket, log in $docker_log"
    setsid nohup dockerd \
      --storage-driver=vfs \
      --bridge=none \
      --iptables=false \
      --ip6tables=false \
      --data-root "$docker_data_root" \
      --exec-root "$ci_run_dir/exec" \
      --pidfile "$docker_pidfile" \
      -H "unix://$docker_socket" \
      </dev/null >>"$docker_log" 2>&1 &
    pid="$!"
  fi

  local waited=0
  until docker_responds_to_ping; do
    if ! kill -0 "$pid" 2>/dev/null; then
      tail -n 20 "$docker_log" | sed 's/^/    /' >&2
      die "dockerd exited during startup, see $docker_log"
    fi
    if [ "$waited" -ge 60 ]; then
      die "dockerd timed out: no response to _ping on $docker_socket within 60 s, see $docker_log"
    fi
    sleep 1
    waited=$((waited + 1))
  done
}
