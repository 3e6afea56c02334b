#!/usr/bin/env bash
# Fetches the Debian cloud kernel for the pure cgroup v2 VM test WITHOUT
# installing it: `apt-get download` the versioned image package that
# linux-image-cloud-amd64 depends on and unpack it with `dpkg -x` into a cache
# directory. Idempotent: a kernel already unpacked there is reused.
#
# Layout of the cache (default /var/cache/podcore-vm, override with
# PODCORE_VM_CACHE):
#   <package>/            the unpacked package (boot/, lib/modules/)
#   vmlinuz -> <package>/boot/vmlinuz-<release>
#   modules -> <package>/lib/modules/<release>
#
# Needs root only to write the default cache directory and for apt-get update.
set -euo pipefail

cache=${PODCORE_VM_CACHE:-/var/cache/podcore-vm}
meta=linux-image-cloud-amd64

log() { echo "fetch-kernel: $*" >&2; }

# The versioned package the metapackage depends on, e.g.
# linux-image-6.1.0-56-cloud-amd64; empty if the package lists lack it.
resolve() {
  apt-cache depends "$meta" 2>/dev/null |
    awk '$1 == "Depends:" && $2 ~ /^linux-image-[0-9]/ { print $2; exit }'
}

pkg=$(resolve || true)
if [[ -z "$pkg" ]]; then
  log "apt-cache does not know $meta; running apt-get update"
  apt-get update -qq || log "apt-get update failed"
  pkg=$(resolve || true)
fi

if [[ -z "$pkg" ]]; then
  # Offline and no package lists: an earlier download is still good enough.
  if [[ -e "$cache/vmlinuz" ]]; then
    log "cannot resolve $meta; keeping $(readlink -f "$cache/vmlinuz")"
    exit 0
  fi
  log "cannot resolve the package behind $meta (no network or no Debian lists?)"
  exit 1
fi

release=${pkg#linux-image-}
dest="$cache/$pkg"
kernel="$dest/boot/vmlinuz-$release"

mkdir -p "$cache"
if [[ ! -f "$kernel" ]]; then
  work=$(mktemp -d "$cache/.fetch.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  # apt-get download drops privileges to _apt, which must be able to write here
  # (else it warns and downloads unsandboxed as root).
  chmod 0755 "$work"
  if id _apt >/dev/null 2>&1; then chown _apt "$work" 2>/dev/null || true; fi
  log "downloading $pkg"
  (cd "$work" && apt-get download -q "$pkg")
  debs=("$work"/"$pkg"_*.deb)
  [[ -f "${debs[0]}" ]] || { log "apt-get download produced no .deb for $pkg"; exit 1; }
  dpkg -x "${debs[0]}" "$work/tree"
  [[ -f "$work/tree/boot/vmlinuz-$release" ]] || {
    log "${debs[0]} holds no boot/vmlinuz-$release"
    exit 1
  }
  rm -rf "$work/tree/usr/share/doc"
  rm -rf "$dest"
  mv "$work/tree" "$dest"
  log "unpacked $pkg into $dest"
else
  log "$pkg already unpacked in $dest"
fi

# Point the stable names at this release (replace atomically).
ln -sfn "$pkg/boot/vmlinuz-$release" "$cache/vmlinuz.tmp"
mv -Tf "$cache/vmlinuz.tmp" "$cache/vmlinuz"
ln -sfn "$pkg/lib/modules/$release" "$cache/modules.tmp"
mv -Tf "$cache/modules.tmp" "$cache/modules"
echo "$cache/vmlinuz"
