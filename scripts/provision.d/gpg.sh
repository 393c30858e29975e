# shellcheck shell=bash disable=SC2154
# SC2154: common.sh defines the shared names, and its callers source it first.

gpg_key_uid='tau test <tau-test@example.invalid>'

# Print the keygrip of the first secret key in $GNUPGHOME that can
# authenticate and is neither revoked nor expired, or nothing.
find_auth_keygrip() {
  gpg --batch --with-colons --with-keygrip --list-secret-keys 2>/dev/null | awk -F: '
    $1 == "sec" || $1 == "ssb" { usable = ($12 ~ /a/ && $2 !~ /[rei]/) }
    $1 == "grp" && usable { print $10; exit }
  '
}

# Set up the host gpg-agent that tests forward into containers: a GNUPGHOME
# with ssh support, one passphrase-less ed25519 authentication key offered
# over the ssh socket, and a running agent.
setup_gpg_agent() {
  mkdir -p "$ci_tmp_dir"
  mkdir -p "$GNUPGHOME"
  chmod 700 "$GNUPGHOME"

  # A reload (SIGHUP) ignores both options, as gpg-agent(1) of GnuPG 2.2
  # lists, so a changed file restarts a running agent.
  local conf="$GNUPGHOME/gpg-agent.conf"
  local wanted_conf=$'enable-ssh-support\nallow-loopback-pinentry'
  local conf_changed=0
  if [ "$(cat "$conf" 2>/dev/null)" != "$wanted_conf" ]; then
    printf '%s\n' "$wanted_conf" >"$conf"
    conf_changed=1
  fi
  if [ "$conf_changed" = 1 ] && gpg_agent_responds; then
    gpgconf --kill gpg-agent
  fi

  local keygrip
  keygrip="$(find_auth_keygrip)"
  if [ -z "$keygrip" ]; then
    log "gpg: generating an ed25519 authentication key in $GNUPGHOME"
    run_logged gpg-gen-key gpg --batch --pinentry-mode loopback --passphrase '' \
      --quick-gen-key "$gpg_key_uid" ed25519 auth never \
      || die "gpg --quick-gen-key failed, so the gpg authentication key is missing"
    keygrip="$(find_auth_keygrip)"
    [ -n "$keygrip" ] || die "gpg generated a key, but no authentication key is listed in $GNUPGHOME"
  fi

  # sshcontrol lists the keygrips that gpg-agent offers to ssh clients.
  local sshcontrol="$GNUPGHOME/sshcontrol"
  if ! awk -v grip="$keygrip" '$1 == grip { found = 1 } END { exit !found }' "$sshcontrol" 2>/dev/null; then
    printf '%s\n' "$keygrip" >>"$sshcontrol"
  fi

  log "gpg: launching gpg-agent for $GNUPGHOME"
  gpgconf --launch gpg-agent || die "gpgconf --launch gpg-agent failed, so gpg-agent is missing"
  gpg_agent_responds || die "gpg-agent does not respond to 'getinfo version' on $(gpgconf --list-dirs agent-socket)"

  local key_count
  key_count="$(count_ssh_agent_keys)" \
    || die "ssh-add cannot connect to the gpg-agent ssh socket $(gpgconf --list-dirs agent-ssh-socket)"
  [ "$key_count" = 1 ] \
    || die "the gpg-agent ssh socket offers $key_count keys, expected 1 (keygrip $keygrip in $sshcontrol)"
}
