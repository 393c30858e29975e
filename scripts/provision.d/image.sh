# shellcheck shell=bash disable=SC2154
# SC2154: common.sh defines the shared names, and its callers source it first.

image_suite=bookworm
image_packages=bash,zsh,curl,gnupg,gpg-agent,openssh-client,socat,ca-certificates,procps
# vfs copies the whole image twice for each container, so every megabyte
# slows down each docker run. Tests read no docs or translations inside, and
# without a network apt cannot use package lists or downloaded packages.
image_trimmed_dirs=(var/cache/apt/archives var/lib/apt/lists usr/share/doc usr/share/man usr/share/info usr/share/locale)

# Print the first mirror that this machine's apt sources use for the suite
# bookworm, in one-line (.list) or deb822 (.sources) format, or Debian's
# default mirror when no source names that suite.
find_debian_mirror() {
  local sources=() file
  for file in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    if [ -f "$file" ]; then
      sources+=("$file")
    fi
  done

  local mirror=''
  if [ "${#sources[@]}" -gt 0 ]; then
    mirror="$(awk -v suite="$image_suite" '
      function end_stanza(  uri_list) {
        if (types ~ /(^| )deb( |$)/ && (suites " ") ~ (" " suite " ")) {
          split(uris, uri_list, " ")
          print uri_list[1]
          found = 1
          exit
        }
        types = ""; uris = ""; suites = ""
      }
      FNR == 1 { end_stanza() }
      /^[[:space:]]*#/ { next }
      FILENAME ~ /\.sources$/ {
        if ($0 ~ /^[[:space:]]*$/) { end_stanza(); next }
        key = tolower($1); $1 = ""
        if (key == "types:") types = $0
        else if (key == "uris:") uris = $0
        else if (key == "suites:") suites = $0
        next
      }
      $1 == "deb" {
        field = 2
        if ($field ~ /^\[/) {
          while (field <= NF && $field !~ /\]$/) field++
          field++
        }
        if ($(field + 1) == suite) { print $field; found = 1; exit }
      }
      END { if (!found) end_stanza() }
    ' "${sources[@]}")"
  fi
  printf '%s\n' "${mirror:-http://deb.debian.org/debian}"
}

# Import a debootstrap rootfs as the test image unless the image exists with
# the label of the current recipe. The rootfs tarball is cached in .tools
# under the same key, so a new image needs no second debootstrap.
# Runs in a subshell for its EXIT trap.
build_test_image() (
  # Any change to this file, the recipe of the image, changes the key.
  local rootfs_key
  rootfs_key="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-12)"
  local image_key
  image_key="$(docker image inspect --format '{{ index .Config.Labels "tau.rootfs" }}' "$test_image" 2>/dev/null)" || image_key=''
  if [ "$image_key" = "$rootfs_key" ]; then
    log "image: $test_image is present"
    return 0
  fi

  local rootfs_tar="$tools_dir/rootfs-$image_suite-$rootfs_key.tar"
  if [ ! -f "$rootfs_tar" ]; then
    command -v debootstrap >/dev/null || die "debootstrap not found (Debian package debootstrap)"
    local mirror
    mirror="$(find_debian_mirror)"
    log "image: building a $image_suite rootfs with debootstrap from $mirror"
    local rootfs_dir
    rootfs_dir="$(mktemp -d /var/tmp/tau-rootfs.XXXXXX)"
    trap 'rm -rf "$rootfs_dir" "$rootfs_tar.tmp"' EXIT
    # The tarball stores this folder as the image's /, and mktemp creates it
    # with mode 700, which would lock every non-root user out of the image.
    chmod 755 "$rootfs_dir"
    run_logged debootstrap debootstrap --variant=minbase --include="$image_packages" \
      "$image_suite" "$rootfs_dir" "$mirror" \
      || die "debootstrap failed, so the rootfs for $test_image is missing"
    local trimmed_dir
    for trimmed_dir in "${image_trimmed_dirs[@]}"; do
      find "$rootfs_dir/$trimmed_dir" -mindepth 1 -delete
    done
    mkdir -p "$tools_dir"
    tar -C "$rootfs_dir" --numeric-owner -cf "$rootfs_tar.tmp" .
    mv "$rootfs_tar.tmp" "$rootfs_tar"
    # Tarballs under an older key would never be read again.
    find "$tools_dir" -maxdepth 1 -name "rootfs-*.tar" ! -path "$rootfs_tar" -delete
  fi

  local old_image_id
  old_image_id="$(docker image inspect --format '{{ .Id }}' "$test_image" 2>/dev/null)" || old_image_id=''
  log "image: importing $rootfs_tar as $test_image"
  docker import \
    --change "LABEL tau.rootfs=$rootfs_key" \
    --change 'CMD ["/bin/bash"]' \
    - "$test_image" <"$rootfs_tar" >/dev/null \
    || die "docker import failed, so image $test_image is missing"
  # The import moved the tag, and vfs keeps a full copy of the old image.
  if [ -n "$old_image_id" ]; then
    docker image rm "$old_image_id" >/dev/null 2>&1 || true
  fi
)
