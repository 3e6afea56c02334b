#!/usr/bin/env bash
# Runs the benchmarks and prints medians (10 repetitions each).
set -euo pipefail
cd "$(dirname "$0")/.."
[[ -x build/benchmarks/manifest_bench ]] || ./scripts/setup.sh
./build/benchmarks/manifest_bench --benchmark_repetitions=10 \
  --benchmark_report_aggregates_only=true "$@" | grep -E "median|Benchmark|---"
