#!/usr/bin/env bash
# Sets everything up and runs the main job: the two-container web-sync pod
# (examples/web-sync-pod.yml, a busybox httpd on 8080 serving an emptyDir
# that a sidecar rewrites every second) applied, inspected and deleted with
# podctl exactly as the Kubernetes Pods chapter does it with kubectl, then
# proof that nothing of it is left on the machine.
#
# Uses the default runtime: state /run/podcore, bridge podcore0, subnet
# 10.87.0.0/16. It never touches eth0, routes or IP forwarding: the page is
# fetched from the host over the pod bridge. Environment: PODCTL (default
# build/tools/podctl/podctl), PODCORE_DEMO_NO_SETUP=1 to skip setup.
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${PODCORE_DEMO_NO_SETUP:-0}" != 1 ]]; then
  ./scripts/setup.sh
fi
PODCTL="${PODCTL:-$PWD/build/tools/podctl/podctl}"
podctl() { "$PODCTL" "$@"; }
step() {
  printf '\n\033[1m$ %s\033[0m\n' "$*"
  "$@"
}
fetch() {
  python3 -c 'import sys, urllib.request; print(urllib.request.urlopen(sys.argv[1], timeout=5).read().decode(), end="")' "$1"
}

podctl version
# A previous run that was interrupted may have left the pod: start clean.
podctl delete pod web-sync --force --ignore-not-found >/dev/null 2>&1 || true

step podctl apply -f examples/web-sync-pod.yml
step podctl wait --for=condition=Ready pod/web-sync --timeout=60s
step podctl get pods -o wide
POD_IP="$(podctl get pod web-sync -o jsonpath='{.status.podIP}')"
POD_UID="$(podctl get pod web-sync -o jsonpath='{.metadata.uid}')"
sleep 1.1 # let the sidecar write the page once

printf '\n\033[1m# the page, fetched from the host through the pod IP %s\033[0m\n' "$POD_IP"
step fetch "http://$POD_IP:8080/"
sleep 1.1
step fetch "http://$POD_IP:8080/"

printf '\n\033[1m# the sidecar reaches the web server on localhost (one network namespace)\033[0m\n'
step podctl exec web-sync -c sync -- wget -qO- localhost:8080
step podctl describe pod web-sync
step podctl logs web-sync -c sync --tail 3
step podctl exec web-sync -- ps aux
step podctl top pod web-sync
step podctl delete pod web-sync

printf '\n\033[1m# nothing is left of pod %s\033[0m\n' "$POD_UID"
left=0
check() { # description, command printing what is left
  local what
  what="$(eval "$2" || true)"
  if [[ -n "$what" ]]; then
    printf '  %-22s LEFT: %s\n' "$1" "$what"
    left=1
  else
    printf '  %-22s none\n' "$1"
  fi
}
check "pod object" "podctl get pod web-sync -o name 2>/dev/null"
check "veth (pc*, alias)" "ip -o link show | grep -F 'podcore:podcore:$POD_UID'"
check "pod directory" "ls -d /run/podcore/pods/$POD_UID 2>/dev/null"
check "IP lease" "grep -rlF '$POD_UID' /run/podcore/ipam 2>/dev/null"
check "cgroups" "find /sys/fs/cgroup -maxdepth 4 -type d -name '*$POD_UID*' 2>/dev/null"
check "mounts" "grep -F '$POD_UID' /proc/self/mountinfo"
check "processes" "grep -lF '$POD_UID' /proc/[0-9]*/cgroup 2>/dev/null"
exit "$left"
