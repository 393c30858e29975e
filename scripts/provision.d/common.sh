# shellcheck shell=bash disable=SC2034,SC2154
# SC2034: the sourcing scripts use these names. SC2154: they set log_prefix.
# Paths, names, logging and component checks shared by scripts/provision,
# its steps in this folder and scripts/test. Callers set log_prefix first.

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools_dir="$repo_root/.tools"
tools_bin="$tools_dir/bin"
log_dir="$tools_dir/logs"
env_file="$tools_dir/env.sh"

# The npm package deno gets its native binary from this platform package.
# PATH gets this folder, never node_modules/.bin (see npm.sh).
deno_dir="$repo_root/node_modules/@deno/linux-x64-glibc"

mutagen_version=0.18.1
mutagen_bin="$tools_bin/mutagen"
# mutagen looks for the agent bundle in the directory of its own executable.
mutagen_bundle="$tools_bin/mutagen-agents.tar.gz"

# A private dockerd, so tests neither need nor touch /var/run/docker.sock.
ci_run_dir=/run/tau-ci
docker_socket="$ci_run_dir/docker.sock"
docker_pidfile="$ci_run_dir/dockerd.pid"
docker_data_root=/var/lib/tau-ci/docker
docker_log=/var/log/tau-ci-dockerd.log

test_image=tau-test:bookworm
ci_tmp_dir=/tmp/tau-ci
gnupg_home="$ci_tmp_dir/gnupg"
mutagen_data_dir="$ci_tmp_dir/mutagen"

log() {
  printf '%s: %s\n' "$log_prefix" "$*" >&2
}

die() {
  printf '%s: error: %s\n' "$log_prefix" "$*" >&2
  exit 1
}

# Run a command with its output in .tools/logs/NAME.log, so that a green run
# prints one line per step. On failure, print the end of the log and return
# the command's exit status.
run_logged() {
  local log_file="$log_dir/$1.log"
  shift
  mkdir -p "$log_dir"
  local status=0
  "$@" >"$log_file" 2>&1 || status=$?
  if [ "$status" -ne 0 ]; then
    printf '%s: %s exited with status %s, last lines of %s:\n' \
      "$log_prefix" "$1" "$status" "$log_file" >&2
    tail -n 20 "$log_file" | sed 's/^/    /' >&2
  fi
  return "$status"
}

docker_responds_to_ping() {
  local reply
  reply="$(curl -sS --max-time 5 --unix-socket "$docker_socket" http://localhost/_ping 2>/dev/null)" || return 1
  [ "$reply" = OK ]
}

# Succeed when .tools/bin contains the pinned mutagen CLI and its agent bundle.
mutagen_is_installed() {
  [ -x "$mutagen_bin" ] && [ -f "$mutagen_bundle" ] || return 1
  local version
  version="$("$mutagen_bin" version 2>/dev/null)" || return 1
  [ "$version" = "$mutagen_version" ]
}

# Succeed when the gpg-agent of $GNUPGHOME runs and returns its version
# over its socket.
gpg_agent_responds() {
  local reply
  reply="$(gpg-connect-agent --no-autostart 'getinfo version' /bye 2>/dev/null)" || return 1
  [ "${reply:0:2}" = 'D ' ]
}

# Print the number of keys that the ssh socket of gpg-agent offers. ssh-add
# exits 1 for an agent without keys and 2 when it cannot connect.
count_ssh_agent_keys() {
  local socket keys
  socket="$(gpgconf --list-dirs agent-ssh-socket)" || return 1
  keys="$(SSH_AUTH_SOCK="$socket" ssh-add -l 2>/dev/null)" || {
    [ "$?" -eq 1 ] && printf '0\n' && return 0
    return 1
  }
  printf '%s\n' "$keys" | grep -c .
}
