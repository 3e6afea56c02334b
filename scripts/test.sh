#!/usr/bin/env bash
# Sets everything up and runs every test: the normal build, an ASan/UBSan
# build, and 60 s of libFuzzer on the manifest decoder.
set -euo pipefail
cd "$(dirname "$0")/.."
JOBS=$(nproc)

./scripts/setup.sh

echo "== tests (RelWithDebInfo)"
ctest --test-dir build --output-on-failure -j"$JOBS"

echo "== tests (ASan + UBSan)"
cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DPODCORE_SANITIZE=ON \
  -DPODCORE_BUILD_BENCHMARKS=OFF
cmake --build build-asan
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$JOBS"

echo "== fuzz: manifest decode, ${PODCORE_FUZZ_SECONDS:-60} s"
CC=clang-19 CXX=clang++-19 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DPODCORE_FUZZ=ON -DPODCORE_BUILD_BENCHMARKS=OFF
cmake --build build-fuzz --target manifest_decode_fuzz
corpus=$(mktemp -d)
trap 'rm -rf "$corpus"' EXIT
cp examples/*.yml tests/data/k8s-docs/*.yaml tests/data/fuzz-regressions/* "$corpus"/
./build-fuzz/tests/manifest_decode_fuzz -max_total_time="${PODCORE_FUZZ_SECONDS:-60}" \
  -max_len=8192 -print_final_stats=1 "$corpus"

echo "== all tests passed"
