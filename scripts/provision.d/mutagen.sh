# shellcheck shell=bash disable=SC2154
# SC2154: common.sh defines the shared names, and its callers source it first.

# Build the mutagen CLI into .tools/bin and pack the agent beside it as
# mutagen-agents.tar.gz. .ci/mutagen/go.mod pins the version, because
# "go install module@version" reads @v/list to look up deprecations, and the
# module proxy that these machines reach returns HTTP 403 for it.
# Runs in a subshell for its cd and EXIT trap.
build_mutagen() (
  if mutagen_is_installed; then
    log "mutagen: $mutagen_bin $mutagen_version and its agent bundle are installed"
    return 0
  fi

  log "mutagen: building CLI and agent $mutagen_version with go install (about 35 s with empty Go caches on 2 cores)"
  if ! command -v go >/dev/null && [ -x /usr/local/go/bin/go ]; then
    PATH="/usr/local/go/bin:$PATH"
  fi
  command -v go >/dev/null || die "go not found: install Go 1.26 at /usr/local/go"

  # mutagen extracts the agent for a container by the bundle entry GOOS_GOARCH,
  # and the containers run on this host's kernel and CPU.
  local platform
  platform="$(go env GOOS)_$(go env GOARCH)"
  [ "$platform" = linux_amd64 ] \
    || die "the agent bundle supports only linux_amd64 hosts, but go builds for $platform"

  local work_dir
  work_dir="$(mktemp -d)"
  trap 'rm -rf "$work_dir"' EXIT
  mkdir -p "$tools_bin"
  cd "$repo_root/.ci/mutagen" || die "$repo_root/.ci/mutagen not found, so mutagen cannot be built"

  GOBIN="$tools_bin" run_logged mutagen-cli \
    go install -tags mutagencli github.com/mutagen-io/mutagen/cmd/mutagen \
    || die "go install of the mutagen CLI failed, so mutagen is missing"

  # The agent runs inside minimal containers, so it must not need libc.
  CGO_ENABLED=0 GOBIN="$work_dir" run_logged mutagen-agent \
    go install -tags mutagenagent github.com/mutagen-io/mutagen/cmd/mutagen-agent \
    || die "go install of mutagen-agent failed, so the mutagen agent bundle is missing"

  mv "$work_dir/mutagen-agent" "$work_dir/$platform"
  tar -C "$work_dir" --owner=0 --group=0 --numeric-owner -czf "$work_dir/bundle.tar.gz" "$platform"
  mv "$work_dir/bundle.tar.gz" "$mutagen_bundle"

  mutagen_is_installed \
    || die "mutagen built, but '$mutagen_bin version' does not print $mutagen_version"
)
