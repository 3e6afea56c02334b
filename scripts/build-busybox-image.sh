#!/usr/bin/env bash
# Builds the local `busybox` image from Debian's busybox-static and imports
# it into the podcore image store, tagged with every busybox reference the
# Kubernetes documentation uses, so those examples run unchanged.
#
#   scripts/build-busybox-image.sh
#
# Environment:
#   PODCTL             podctl to use (default: build/tools/podctl/podctl)
#   PODCORE_STATE_DIR  the state directory (default: /run/podcore), as for podctl
#   BUSYBOX            the static busybox binary (default: /bin/busybox)
#
# Idempotent: the image ID is derived from the content, so running it again
# re-points the same tags at the same stored image.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PODCTL="${PODCTL:-$ROOT/build/tools/podctl/podctl}"
BUSYBOX="${BUSYBOX:-/bin/busybox}"

[[ -x "$PODCTL" ]] || { echo "build-busybox-image: $PODCTL not built" >&2; exit 1; }
[[ -x "$BUSYBOX" ]] || { echo "build-busybox-image: $BUSYBOX missing (apt-get install busybox-static)" >&2; exit 1; }
if ! file_out="$("$BUSYBOX" --help 2>&1 | sed -n 1p)" || [[ "$file_out" != BusyBox* ]]; then
  echo "build-busybox-image: $BUSYBOX is not BusyBox" >&2
  exit 1
fi

work="$(mktemp -d /tmp/podcore-busybox-XXXXXX)"
trap 'rm -rf "$work"' EXIT
rootfs="$work/rootfs"

# The layout of the official busybox image: everything in /bin (hard links
# to one binary), the usual top-level directories, root and nobody.
install -d -m 0755 "$rootfs"/{bin,dev,etc,home,proc,root,sys,usr/sbin,var/spool/mail,var/www}
install -d -m 0700 "$rootfs/root"
install -d -m 1777 "$rootfs/tmp"
install -m 0755 "$BUSYBOX" "$rootfs/bin/busybox"
while read -r applet; do
  [[ -n "$applet" && "$applet" != busybox ]] || continue
  ln -f "$rootfs/bin/busybox" "$rootfs/bin/$applet"
done < <("$BUSYBOX" --list)

# Debian's busybox has no printenv applet; Kubernetes examples use it.
if [[ ! -e "$rootfs/bin/printenv" ]]; then
  cat >"$rootfs/bin/printenv" <<'SH'
#!/bin/sh
# printenv [NAME...] (Debian's busybox lacks the applet): with no NAME print
# the whole environment, else each NAME's value; exit 1 if one is unset.
[ $# -eq 0 ] && exec env
rc=0
for name in "$@"; do
  if v=$(env | {
    while IFS= read -r line; do
      case $line in "$name="*) printf '%s\n' "${line#"$name="}"; exit 0 ;; esac
    done
    exit 1
  }); then
    printf '%s\n' "$v"
  else
    rc=1
  fi
done
exit $rc
SH
  chmod 0755 "$rootfs/bin/printenv"
fi

cat >"$rootfs/etc/passwd" <<'EOT'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
sync:x:4:100:sync:/bin:/bin/sync
mail:x:8:8:mail:/var/spool/mail:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
operator:x:37:37:Operator:/var:/bin/false
nobody:x:65534:65534:nobody:/home:/bin/false
EOT
cat >"$rootfs/etc/group" <<'EOT'
root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
adm:x:4:
tty:x:5:
disk:x:6:
lp:x:7:
mail:x:8:
kmem:x:9:
wheel:x:10:root
cdrom:x:11:
dialout:x:18:
floppy:x:19:
video:x:28:
audio:x:29:
tape:x:32:
www-data:x:33:
operator:x:37:
utmp:x:43:
plugdev:x:46:
staff:x:50:
lock:x:54:
netdev:x:82:
users:x:100:
nogroup:x:65534:
EOT
chmod 0644 "$rootfs/etc/passwd" "$rootfs/etc/group"
chown -R 0:0 "$rootfs"

"$PODCTL" image import busybox:latest "$rootfs" --cmd '["sh"]' \
  --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin

# Every busybox reference of the Kubernetes docs, plus the usual tags.
refs=(busybox:1.28 busybox:1.35 busybox:1.36 busybox:1.37 busybox:stable busybox:musl busybox:glibc
  registry.k8s.io/busybox registry.k8s.io/busybox:1.27.2 registry.k8s.io/busybox:latest
  gcr.io/google-containers/busybox gcr.io/google_containers/busybox)
if compgen -G "$ROOT/tests/data/k8s-docs/*.yaml" >/dev/null; then
  while read -r ref; do refs+=("$ref"); done < <(
    grep -ho 'image: *["'\'']\?[^"'\'' ]*busybox[^"'\'' ]*' "$ROOT"/tests/data/k8s-docs/*.yaml |
      sed 's/image: *["'\'']\?//' | sort -u)
fi
for ref in $(printf '%s\n' "${refs[@]}" | sort -u); do
  "$PODCTL" image tag busybox:latest "$ref"
done
"$PODCTL" image ls
