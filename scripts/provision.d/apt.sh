# shellcheck shell=bash disable=SC2154
# SC2154: common.sh defines the shared names, and its callers source it first.
# Debian packages for the private dockerd, the test image build, the host
# gpg-agent and the shells that tests drive. debootstrap verifies the
# bookworm release with debian-archive-keyring.
apt_packages=(
  docker.io debootstrap debian-archive-keyring zsh tmux socat shellcheck
  gnupg gpg-agent openssh-client curl hyperfine
)

package_is_installed() {
  local status
  status="$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" || return 1
  [ "$status" = installed ]
}

# Install the packages in apt_packages that dpkg does not list as installed.
# Runs in a subshell so that its EXIT trap stays local.
install_apt_packages() (
  local package
  local missing=()
  for package in "${apt_packages[@]}"; do
    if ! package_is_installed "$package"; then
      missing+=("$package")
    fi
  done
  if [ "${#missing[@]}" -eq 0 ]; then
    log "apt: all ${#apt_packages[@]} packages are installed"
    return 0
  fi

  log "apt: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive

  # Without this policy, the maintainer script of docker.io would start a
  # system dockerd on /var/run/docker.sock where an init system runs.
  local policy=/usr/sbin/policy-rc.d
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    trap 'rm -f "$policy"' EXIT
  fi

  run_logged apt-update apt-get update \
    || die "apt-get update failed, so these packages are missing: ${missing[*]}"
  run_logged apt-install apt-get install -y "${missing[@]}" \
    || die "apt-get install failed, so these packages are missing: ${missing[*]}"
)
