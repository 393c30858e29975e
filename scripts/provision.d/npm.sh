# shellcheck shell=bash disable=SC2154
# SC2154: common.sh defines the shared names, and its callers source it first.

# Run npm ci unless node_modules was installed from the current lockfile.
# The stamp lives in node_modules, so deleting node_modules forces a rerun.
install_npm_packages() {
  local stamp="$repo_root/node_modules/.tau-npm-ci.sha256"
  local lock_hash
  lock_hash="$(cat "$repo_root/package.json" "$repo_root/package-lock.json" | sha256sum)"
  if [ -x "$deno_dir/deno" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$lock_hash" ]; then
    log "npm: node_modules matches package-lock.json"
  else
    log "npm: running npm ci"
    command -v npm >/dev/null || die "npm not found: install Node.js 20 with npm"
    (cd "$repo_root" && run_logged npm-ci npm ci --no-audit --no-fund) \
      || die "npm ci failed, so deno and the npm dependencies are missing"
    "$deno_dir/deno" --version >/dev/null \
      || die "deno not found at $deno_dir/deno after npm ci (npm package @deno/linux-x64-glibc)"
    printf '%s\n' "$lock_hash" >"$stamp"
  fi

  # deno task puts node_modules/.bin first on PATH and runs the files there
  # as JavaScript, so with this link every "deno" in a task fails with a
  # SyntaxError on the ELF binary (deno 2.9.6). Without it, deno task runs
  # its own executable. Checked on every run because npm install restores it.
  local bin_link="$repo_root/node_modules/.bin/deno"
  if [ -L "$bin_link" ]; then
    rm "$bin_link"
  fi
}
