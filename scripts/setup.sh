#!/usr/bin/env bash
# Idempotent setup for a fresh Debian 12 machine, run as root:
# installs every build, test and demo dependency, then configures and
# builds libpod-core into build/.
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  g++ cmake ninja-build pkg-config make git
  libyaml-cpp-dev libnl-3-dev libnl-route-3-dev libcap-dev libmsgsl-dev
  googletest libgtest-dev libgmock-dev libbenchmark-dev
  clang-19 libclang-rt-19-dev
  busybox-static python3 iproute2 clang-format clang-tidy
  qemu-system-x86 cpio            # tests/vm: the pure cgroup v2 VM
  containernetworking-plugins crun jq # benchmark anchors (CNI bridge, crun run)
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The kernel for the pure cgroup v2 VM (downloaded, never installed on the host).
if [[ -x tests/vm/fetch-kernel.sh ]]; then
  tests/vm/fetch-kernel.sh
fi

if [[ "${PODCORE_SETUP_NO_BUILD:-0}" != 1 ]]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
  cmake --build build
fi

# The local busybox image the demo and the tests run (needs podctl, so after the build).
if [[ "${PODCORE_SETUP_NO_BUILD:-0}" != 1 && -x scripts/build-busybox-image.sh ]]; then
  scripts/build-busybox-image.sh
fi
