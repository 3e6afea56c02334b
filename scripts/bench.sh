#!/usr/bin/env bash
# Runs the benchmarks and prints medians (10 repetitions each).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x build/benchmarks/manifest_bench ]] || ./scripts/setup.sh
./build/benchmarks/manifest_bench --benchmark_repetitions=10 \
  --benchmark_report_aggregates_only=true "$@" | grep -E "median|Benchmark|---"

# The runtime benchmark needs root (cgroups, namespaces, veths). It prints p50
# and p99 per create stage, pods/s with 8 creators, the per-pod RSS/PSS, the
# podman anchor (when podman is installed) and checks that nothing is left.
# POD_BENCH_ARGS: e.g. "--quick" (10 pods per part) or "--steady=500".
if [[ $(id -u) -eq 0 && -x build/benchmarks/pod_bench ]]; then
  # shellcheck disable=SC2086
  ./build/benchmarks/pod_bench ${POD_BENCH_ARGS:-}
else
  echo "pod_bench: skipped (needs root and build/benchmarks/pod_bench)"
fi
