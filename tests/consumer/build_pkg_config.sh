#!/bin/sh
# build_pkg_config.sh PREFIX SOURCE_DIR OUT_DIR CC CXX [LDFLAGS]
# Builds the consumer programs as a Makefile user would: the compiler and
# `pkg-config --cflags --libs podcore` from PREFIX, nothing else.
set -eu
prefix=$1 src=$2 out=$3 cc=$4 cxx=$5 ldflags=${6:-}
export PKG_CONFIG_LIBDIR="$prefix/lib/pkgconfig"  # only ours, not the system's
export PKG_CONFIG_PATH=""
rm -rf "$out" && mkdir -p "$out"
flags=$(pkg-config --cflags --libs podcore)
libdir=$(pkg-config --variable=libdir podcore)
echo "podcore $(pkg-config --modversion podcore): $flags (libexecdir $(pkg-config --variable=libexecdir podcore))"
# shellcheck disable=SC2086 # $flags and $ldflags are lists of words
"$cc" -std=c11 -Wall -Wextra -pedantic -Werror "$src/app.c" -o "$out/consumer_c" $flags \
  -Wl,-rpath,"$libdir" $ldflags
# shellcheck disable=SC2086
"$cxx" -std=c++17 -Wall -Wextra -pedantic -Werror "$src/app.cpp" -o "$out/consumer_cxx" $flags \
  -Wl,-rpath,"$libdir" $ldflags
