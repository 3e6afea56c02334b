#!/usr/bin/env bash
# The anchor of pod_bench: `podman kube play MANIFEST` then `podman kube down
# MANIFEST`, N times, with podman confined to this run:
#   * its own storage, run dir, containers.conf and CNI config in a temp dir
#     (nothing in /etc/containers; /var/lib/containers and /var/lib/cni,
#     which podman 4.3 writes whatever the config says, are removed at the
#     end unless they existed before);
#   * the kube network is a plain CNI bridge of its own (isGateway and ipMasq
#     off, no portmap/firewall plugins): no iptables rules, no ip_forward
#     change, nothing on eth0 — checked after every play, the run stops if
#     either changes;
#   * cgroupfs manager, crun; the busybox image is the host's static busybox
#     imported as busybox:1.36.
# crun 1.8 refuses a hybrid cgroup layout whose unified/cgroup.controllers is
# not empty, so on such a host this re-runs itself in a private mount
# namespace where that file reads empty (a bind mount of /dev/null; the host
# is unchanged).
# Prints one line per figure: "play MS", "down MS", "overhead RSS_KB PSS_KB"
# (per pod: the conmon processes and the infra container), "note ...".
set -euo pipefail
MANIFEST=${1:?usage: podman_anchor.sh MANIFEST [N]}
N=${2:-20}
command -v podman >/dev/null || { echo "note podman is not installed"; exit 0; }
CTRL=/sys/fs/cgroup/unified/cgroup.controllers
if [[ -z ${PODCORE_ANCHOR_NS:-} && -n $(cat $CTRL 2>/dev/null) ]]; then
  export PODCORE_ANCHOR_NS=1
  exec unshare --mount --propagation private /bin/bash -c \
    'mount --bind /dev/null '"$CTRL"' && exec "$0" "$@"' "$0" "$@"
fi

HAD_VLC=$([[ -e /var/lib/containers ]] && echo 1 || echo 0)
HAD_VLCNI=$([[ -e /var/lib/cni ]] && echo 1 || echo 0)
HAD_LP=$( (ls -d /sys/fs/cgroup/*/libpod_parent 2>/dev/null || true) | wc -l)
FWD=$(cat /proc/sys/net/ipv4/ip_forward)
rules() { if command -v iptables-save >/dev/null; then iptables-save 2>/dev/null | grep -c '^-A' || true; else echo 0; fi; }
RULES=$(rules)
POD_IDS=()
TMP=$(mktemp -d /tmp/podcore-podman-XXXXXX)
RUN=/run/podcore-podman-$$
BR=pcpm$$
NET=podman-default-kube-network
SUBNET=10.214.$(($$ % 250)).0/24
export CONTAINERS_CONF=$TMP/containers.conf
export CONTAINERS_STORAGE_CONF=$TMP/storage.conf
export CONTAINERS_REGISTRIES_CONF=$TMP/registries.conf

cleanup() {
  set +e
  podman pod rm -af -t 0 >/dev/null 2>&1
  podman system reset -f >/dev/null 2>&1
  for m in $(awk '{print $5}' /proc/self/mountinfo | grep -E "^($TMP|$RUN)" | sort -r); do umount -l "$m"; done
  rm -rf "$TMP" "$RUN"
  ip link del "$BR" 2>/dev/null
  [[ $HAD_VLC == 1 ]] || rm -rf /var/lib/containers
  [[ $HAD_VLCNI == 1 ]] || rm -rf /var/lib/cni
  local id d
  for id in "${POD_IDS[@]}"; do
    for d in /sys/fs/cgroup/*/libpod_parent/"$id"; do [[ -d $d ]] && find "$d" -depth -type d -exec rmdir {} \; ; done
  done
  [[ $HAD_LP != 0 ]] || for d in /sys/fs/cgroup/*/libpod_parent; do find "$d" -depth -type d -exec rmdir {} \; ; done
  return 0
}
trap cleanup EXIT

mkdir -p "$TMP/cni" "$TMP/storage" "$RUN"
NOFILE=$(ulimit -Hn)
NPROC=$(ulimit -Hu); [[ $NPROC == unlimited || $NPROC -gt 32768 ]] && NPROC=32768
cat >"$CONTAINERS_STORAGE_CONF" <<EOF
[storage]
driver = "overlay"
graphroot = "$TMP/storage"
runroot = "$RUN/storage"
EOF
: >"$CONTAINERS_REGISTRIES_CONF"
cat >"$CONTAINERS_CONF" <<EOF
[containers]
log_driver = "k8s-file"
default_ulimits = ["nofile=$NOFILE:$NOFILE", "nproc=$NPROC:$NPROC"]
[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
events_logfile_path = "$TMP/events.log"
runtime = "crun"
tmp_dir = "$RUN/libpod-tmp"
static_dir = "$TMP/libpod"
volume_path = "$TMP/volumes"
num_locks = 128
[network]
network_backend = "cni"
cni_plugin_dirs = ["/usr/lib/cni"]
network_config_dir = "$TMP/cni"
default_network = "$NET"
EOF
cat >"$TMP/cni/$NET.conflist" <<EOF
{"cniVersion": "1.0.0", "name": "$NET", "plugins": [
  {"type": "bridge", "bridge": "$BR", "isGateway": false, "ipMasq": false, "hairpinMode": false,
   "ipam": {"type": "host-local", "ranges": [[{"subnet": "$SUBNET"}]], "dataDir": "$TMP/cni-ipam"}}]}
EOF

# The image: the host's static busybox with its applets linked.
BB=$(command -v busybox)
file -L "$BB" | grep -q 'statically linked' || { echo "note the host busybox is not static"; exit 1; }
ROOT=$TMP/rootfs
mkdir -p "$ROOT/bin" "$ROOT/tmp" "$ROOT/etc"
cp "$BB" "$ROOT/bin/busybox"
for a in $("$BB" --list); do [[ -e $ROOT/bin/$a ]] || ln -s busybox "$ROOT/bin/$a"; done
echo "root:x:0:0:root:/root:/bin/sh" >"$ROOT/etc/passwd"
tar -C "$ROOT" -c . | podman import --change 'ENV PATH=/bin' --change 'CMD ["/bin/sh"]' \
  - docker.io/library/busybox:1.36 >/dev/null 2>&1 || { echo "note podman import failed"; exit 1; }

now() { echo "$EPOCHREALTIME"; }
ms() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f\n", (b-a)*1e3}'; }
kb() { awk -v k="$2" '$1==k":"{print $2}' /proc/"$1"/smaps_rollup 2>/dev/null || echo 0; }
NAME=$(awk '/^metadata:/{m=1;next} m&&/^  name:/{print $2; exit}' "$MANIFEST")

for i in $(seq 0 "$N"); do
  t0=$(now)
  podman kube play "$MANIFEST" >/dev/null
  t1=$(now)
  [[ $(cat /proc/sys/net/ipv4/ip_forward) == "$FWD" && $(rules) == "$RULES" ]] ||
    { echo "note podman changed ip_forward or the firewall: stopped"; exit 1; }
  POD_IDS+=("$(podman pod inspect "$NAME" --format '{{.Id}}')")
  rss=0 pss=0
  for c in $(podman ps -q --filter pod="$NAME"); do
    read -r name pid cpid < <(podman inspect --format '{{.Name}} {{.State.Pid}} {{.State.ConmonPid}}' "$c")
    rss=$((rss + $(kb "$cpid" Rss))) pss=$((pss + $(kb "$cpid" Pss)))
    if [[ $name == *-infra ]]; then rss=$((rss + $(kb "$pid" Rss))) pss=$((pss + $(kb "$pid" Pss))); fi
  done
  t2=$(now)
  podman kube down "$MANIFEST" >/dev/null
  t3=$(now)
  [[ -z $(podman ps -aq) ]] || { echo "note containers left after kube down"; exit 1; }
  # The first round builds podman's pause image: not counted.
  if ((i > 0)); then
    echo "play $(ms "$t0" "$t1")"
    echo "down $(ms "$t2" "$t3")"
    echo "overhead $rss $pss"
  fi
done
left=0
for id in "${POD_IDS[@]}"; do for d in /sys/fs/cgroup/*/libpod_parent/"$id"; do [[ -d $d ]] && left=$((left + 1)); done; done
echo "note podman $(podman --version | awk '{print $3}') left $left cgroup directories behind for ${#POD_IDS[@]} pods (removed by this script)"
