#!/bin/sh
# Install tau, the CLI that forwards host sockets into takelage containers
# through mutagen, into a user prefix, with bash and zsh completions and a
# block in ~/.bashrc and ~/.zshrc that loads `tau shell-init`.
#
#   curl -fsSL https://github.com/takelwerk/tau/releases/latest/download/install.sh | sh
#   sh install.sh --help
#
# Every command runs inside a function and the only top-level call is the
# last line, so a download cut off halfway runs nothing.

set -eu

RELEASES_URL="https://github.com/takelwerk/tau/releases"
RC_MARKER="# added by tau install.sh"

usage() {
	cat <<EOF
Usage: install.sh [options]

Download the tau binary for this platform from the GitHub release, verify its
SHA-256 checksum and install it as PREFIX/bin/tau, together with bash and zsh
completion files and a block in ~/.bashrc and \${ZDOTDIR:-\$HOME}/.zshrc that
puts PREFIX/bin on PATH and runs \`tau shell-init\`. Running it again updates
the binary and leaves a single rc block.

Options:
  --prefix DIR    install the binary as DIR/bin/tau
                  (default: \$TAU_INSTALL_PREFIX, else \$HOME/.local)
  --version V     install release V, for example 1.2.0 or v1.2.0
                  (default: the latest release)
  --uninstall     remove the binary, the completion files and the rc blocks
  --no-modify-rc  do not add or remove the block in ~/.bashrc and ~/.zshrc
  -h, --help      print this help and exit without installing anything

Environment:
  TAU_INSTALL_PREFIX    default of --prefix
  TAU_RELEASE_URL       base URL of the release files, overriding the one
                        derived from --version (default:
                        $RELEASES_URL/latest/download, or
                        $RELEASES_URL/download/vV with --version V)
  TAU_INSTALL_PLATFORM  platform to install in place of the detected one:
                        linux-x64, linux-arm64, darwin-x64 or darwin-arm64
                        (a hook for tests)
  XDG_DATA_HOME         base of the completion directories
                        (default: \$HOME/.local/share)
  ZDOTDIR               directory of .zshrc (default: \$HOME)
EOF
}

say() {
	printf 'tau install: %s\n' "$*" >&2
}

err() {
	say "error: $*"
	exit 1
}

usage_err() {
	say "error: $*"
	say "run 'install.sh --help' for the options"
	exit 2
}

need_cmd() {
	if ! command -v "$1" >/dev/null 2>&1; then
		err "command '$1' not found: install it and run install.sh again"
	fi
}

# Sets the option globals from the command line and the environment.
parse_args() {
	prefix="${TAU_INSTALL_PREFIX:-$HOME/.local}"
	version=""
	action="install"
	modify_rc="yes"

	while [ "$#" -gt 0 ]; do
		case "$1" in
		--prefix)
			[ "$#" -ge 2 ] || usage_err "option --prefix requires a directory"
			prefix="$2"
			shift
			;;
		--prefix=*)
			prefix="${1#--prefix=}"
			;;
		--version)
			[ "$#" -ge 2 ] || usage_err "option --version requires a version, for example 1.2.0"
			version="$2"
			shift
			;;
		--version=*)
			version="${1#--version=}"
			;;
		--uninstall)
			action="uninstall"
			;;
		--no-modify-rc)
			modify_rc="no"
			;;
		-h | --help)
			usage
			exit 0
			;;
		*)
			usage_err "unknown option '$1'"
			;;
		esac
		shift
	done

	[ -n "$prefix" ] || usage_err "option --prefix is empty: pass a directory"
	[ "$action" = "install" ] || [ -z "$version" ] ||
		usage_err "option --version cannot be combined with --uninstall"

	# rc blocks must not depend on the directory install.sh ran from.
	case "$prefix" in
	/*) ;;
	*) prefix="$(pwd)/$prefix" ;;
	esac
	bin_dir="${prefix%/}/bin"

	data_dir="${XDG_DATA_HOME:-$HOME/.local/share}"
	bash_completion_file="$data_dir/bash-completion/completions/tau"
	zsh_completion_file="$data_dir/zsh/site-functions/_tau"
	zshrc="${ZDOTDIR:-$HOME}/.zshrc"
	bashrc="$HOME/.bashrc"

	version="${version#v}"
	if [ -n "${TAU_RELEASE_URL:-}" ]; then
		release_url="${TAU_RELEASE_URL%/}"
	elif [ -n "$version" ]; then
		release_url="$RELEASES_URL/download/v$version"
	else
		release_url="$RELEASES_URL/latest/download"
	fi
}

# Sets `platform` to the release file suffix for this machine.
detect_platform() {
	if [ -n "${TAU_INSTALL_PLATFORM:-}" ]; then
		platform="$TAU_INSTALL_PLATFORM"
		case "$platform" in
		linux-x64 | linux-arm64 | darwin-x64 | darwin-arm64) ;;
		*)
			err "unsupported platform '$platform' in TAU_INSTALL_PLATFORM" \
				"(supported: linux-x64, linux-arm64, darwin-x64, darwin-arm64)"
			;;
		esac
		return
	fi

	os="$(uname -s)"
	arch="$(uname -m)"
	case "$os/$arch" in
	Linux/x86_64 | Linux/amd64) platform="linux-x64" ;;
	Linux/aarch64 | Linux/arm64) platform="linux-arm64" ;;
	Darwin/x86_64) platform="darwin-x64" ;;
	Darwin/arm64) platform="darwin-arm64" ;;
	*)
		err "unsupported platform: $os $arch" \
			"(tau releases exist for Linux x86_64 and aarch64, macOS x86_64 and arm64)"
		;;
	esac

	# A shell running under Rosetta 2 reports x86_64 on Apple silicon, where
	# the native binary is the better choice.
	if [ "$platform" = "darwin-x64" ] &&
		[ "$(sysctl -n hw.optional.arm64 2>/dev/null || true)" = "1" ]; then
		platform="darwin-arm64"
	fi
}

download() {
	if command -v curl >/dev/null 2>&1; then
		curl --fail --silent --show-error --location --output "$2" "$1"
	else
		wget --quiet --output-document="$2" "$1"
	fi
}

sha256_of() {
	if command -v sha256sum >/dev/null 2>&1; then
		sha256sum "$1" | cut -d ' ' -f 1
	else
		shasum -a 256 "$1" | cut -d ' ' -f 1
	fi
}

cleanup() {
	if [ -n "${tmp_dir:-}" ]; then
		rm -rf "$tmp_dir"
	fi
	if [ -n "${staged_binary:-}" ]; then
		rm -f "$staged_binary"
	fi
}

# Copies $1 to $2 through a temporary file beside $2, so that $2 is either
# the old or the complete new file.
install_file() {
	install_file_tmp="$2.tmp.$$"
	cp "$1" "$install_file_tmp"
	chmod "$3" "$install_file_tmp"
	mv -f "$install_file_tmp" "$2"
}

# Prints the rc block for shell $1 (bash or zsh).
# shellcheck disable=SC2016 # ${PATH} and $(...) are for the rc file to expand.
rc_block() {
	printf '%s\n' "$RC_MARKER"
	printf 'case ":${PATH}:" in *:"%s":*) ;; *) export PATH="%s:${PATH}" ;; esac\n' \
		"$bin_dir" "$bin_dir"
	printf 'if [ -x "%s/tau" ]; then eval "$("%s/tau" shell-init %s)"; fi\n' \
		"$bin_dir" "$bin_dir" "$1"
}

# Prints file $1 without tau's rc blocks: each marker line and the PATH and
# shell-init lines right after it. Other lines pass through unchanged.
# NOTE: awk ends the last line with a newline even if the file did not.
strip_rc_block() {
	awk -v marker="$RC_MARKER" '
		$0 == marker { skip = 2; next }
		skip > 0 && (index($0, "case \":${PATH}:\" in ") == 1 || index($0, "/tau\" shell-init ") > 0) {
			skip--
			next
		}
		{ skip = 0; print }
	' "$1"
}

# Adds the block for shell $2 to rc file $1, or leaves the file alone when
# it already contains exactly that block. A block with another bin dir, left
# by an install with another prefix, is replaced.
add_rc_block() {
	rc_block "$2" >"$tmp_dir/block"
	if [ -f "$1" ]; then
		if grep -qxF "$RC_MARKER" "$1"; then
			# Compare each marker and the two lines after it with the block.
			awk -v marker="$RC_MARKER" '$0 == marker { n = 3 } n > 0 { print; n-- }' \
				"$1" >"$tmp_dir/found"
			if cmp -s "$tmp_dir/block" "$tmp_dir/found"; then
				say "$1 already has the tau block"
				return
			fi
			strip_rc_block "$1" >"$tmp_dir/stripped"
			write_rc "$tmp_dir/stripped" "$1"
		fi
		# Start the block on a line of its own.
		if [ -n "$(tail -c 1 "$1")" ]; then
			printf '\n' >>"$1"
		fi
	else
		mkdir -p "$(dirname "$1")"
	fi
	cat "$tmp_dir/block" >>"$1"
	say "added the tau block to $1"
}

remove_rc_block() {
	if [ ! -f "$1" ] || ! grep -qxF "$RC_MARKER" "$1"; then
		return
	fi
	strip_rc_block "$1" >"$tmp_dir/stripped"
	write_rc "$tmp_dir/stripped" "$1"
	say "removed the tau block from $1"
}

# Overwrites rc file $2 with the content of $1 in place, so that a symlinked
# rc file stays a symlink and keeps its mode.
write_rc() {
	cat "$1" >"$2"
}

# Succeeds if rc file $1 of shell $2 should get a block: the file exists or
# the shell is installed.
wants_rc_block() {
	[ -f "$1" ] || command -v "$2" >/dev/null 2>&1
}

check_rc_safe_path() {
	case "$bin_dir" in
	*'"'* | *'$'* | *'`'* | *\\*)
		err "cannot write '$bin_dir' into an rc file because it contains" \
			"one of \" \$ \` \\ (pick another --prefix or pass --no-modify-rc)"
		;;
	esac
}

install_tau() {
	need_cmd uname
	need_cmd mktemp
	need_cmd awk
	need_cmd cmp
	if ! command -v curl >/dev/null 2>&1 && ! command -v wget >/dev/null 2>&1; then
		err "neither curl nor wget found: install one of them and run install.sh again"
	fi
	if ! command -v sha256sum >/dev/null 2>&1 && ! command -v shasum >/dev/null 2>&1; then
		err "neither sha256sum nor shasum found: install one of them and run install.sh again"
	fi
	if [ "$modify_rc" = "yes" ]; then
		check_rc_safe_path
	fi
	detect_platform

	tmp_dir="$(mktemp -d)"
	trap cleanup EXIT
	trap 'exit 1' HUP INT TERM

	# Download the binary and its checksum file.
	asset="tau-$platform"
	say "downloading $release_url/$asset"
	download "$release_url/$asset" "$tmp_dir/$asset" ||
		err "failed to download $release_url/$asset" \
			"(check the version and the network, or set TAU_RELEASE_URL)"
	download "$release_url/$asset.sha256" "$tmp_dir/$asset.sha256" ||
		err "failed to download $release_url/$asset.sha256" \
			"(check the version and the network, or set TAU_RELEASE_URL)"

	# Verify the checksum. The .sha256 file has sha256sum's format:
	# "<hex>  tau-<platform>".
	read -r expected_sha256 _ <"$tmp_dir/$asset.sha256" || true
	expected_sha256="$(printf '%s' "$expected_sha256" | tr 'A-F' 'a-f')"
	case "$expected_sha256" in
	"" | *[!0-9a-f]*)
		err "invalid checksum file $release_url/$asset.sha256:" \
			"expected a SHA-256 hex digest in its first field"
		;;
	esac
	actual_sha256="$(sha256_of "$tmp_dir/$asset")"
	if [ "$actual_sha256" != "$expected_sha256" ]; then
		err "checksum mismatch for $asset: expected $expected_sha256," \
			"got $actual_sha256 (nothing was installed)"
	fi

	# Stage the binary beside its final path, so it runs even where the
	# temporary directory is mounted noexec, and so that `mv` replaces the
	# old binary in one step.
	mkdir -p "$bin_dir"
	staged_binary="$bin_dir/.tau.install.$$"
	cp "$tmp_dir/$asset" "$staged_binary"
	chmod 755 "$staged_binary"

	# Run the new binary before replacing anything, which catches a binary
	# built for another platform or C library.
	installed_version="$("$staged_binary" --version)" ||
		err "'$asset --version' failed, so the binary does not run here (nothing was installed)"
	installed_version="${installed_version#tau }"
	if [ -n "$version" ] && [ "$installed_version" != "$version" ]; then
		err "release v$version contains tau $installed_version (nothing was installed)"
	fi
	"$staged_binary" completion bash >"$tmp_dir/tau.bash" ||
		err "'tau completion bash' failed (nothing was installed)"
	"$staged_binary" completion zsh >"$tmp_dir/tau.zsh" ||
		err "'tau completion zsh' failed (nothing was installed)"

	# Install the binary and the completion files.
	mv -f "$staged_binary" "$bin_dir/tau"
	staged_binary=""
	mkdir -p "$(dirname "$bash_completion_file")" "$(dirname "$zsh_completion_file")"
	install_file "$tmp_dir/tau.bash" "$bash_completion_file" 644
	install_file "$tmp_dir/tau.zsh" "$zsh_completion_file" 644

	# Add the rc blocks.
	rc_files=""
	if [ "$modify_rc" = "yes" ]; then
		if wants_rc_block "$bashrc" bash; then
			add_rc_block "$bashrc" bash
			rc_files="$bashrc"
		fi
		if wants_rc_block "$zshrc" zsh; then
			add_rc_block "$zshrc" zsh
			rc_files="${rc_files:+$rc_files and }$zshrc"
		fi
	fi

	print_summary
}

print_summary() {
	say "installed tau $installed_version as $bin_dir/tau"
	say "installed bash completion as $bash_completion_file"
	say "installed zsh completion as $zsh_completion_file"
	if [ -n "$rc_files" ]; then
		say "open a new shell to use tau (the block in $rc_files puts" \
			"$bin_dir on PATH and runs 'tau shell-init'), then run 'tau --help'"
	else
		say "the rc files were not changed. To use tau, add these lines to" \
			"$bashrc (or to $zshrc with 'zsh' in place of 'bash') and open a new shell:"
		rc_block bash >&2
	fi
}

uninstall_tau() {
	tmp_dir="$(mktemp -d)"
	trap cleanup EXIT
	trap 'exit 1' HUP INT TERM

	for uninstall_file in "$bin_dir/tau" "$bash_completion_file" "$zsh_completion_file"; do
		if [ -e "$uninstall_file" ] || [ -L "$uninstall_file" ]; then
			rm -f "$uninstall_file"
			say "removed $uninstall_file"
		else
			say "$uninstall_file not found, skipped"
		fi
	done

	if [ "$modify_rc" = "yes" ]; then
		remove_rc_block "$bashrc"
		remove_rc_block "$zshrc"
	fi
	say "uninstalled tau. Open a new shell to drop it from PATH"
}

main() {
	[ -n "${HOME:-}" ] || err "HOME is not set"
	parse_args "$@"
	case "$action" in
	install) install_tau ;;
	uninstall) uninstall_tau ;;
	esac
}

main "$@"
