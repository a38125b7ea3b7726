#!/usr/bin/env bash
# Builds the native library alone (no JNI, tests or tools), installs it with `cmake --install`
# into a temporary prefix, then builds jni/install-test/install_check.c against that prefix
# the two ways a C user would, and runs each build: pkg-config (libsharedmemory-java.pc) and
# CMake find_package(libsharedmemory-java). Only the installed tree is on the paths.
#
#   scripts/c-abi-install-test.sh
#
# Build tree: target/cmake-install-test (kept, so a second run is incremental).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"
repo="$(cd "$(dirname "$0")/.." && pwd)"
build="$repo/target/cmake-install-test"
work="$(mktemp -d)"
name="lsm_install_check_$$"
trap 'rm -rf "$work"; rm -f "/dev/shm/$name"' EXIT
prefix="$work/prefix"

cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLSM_BUILD_JNI=OFF -DLSM_BUILD_TESTS=OFF \
  -DLSM_BUILD_TOOLS=OFF -DLSM_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" --parallel 2 --target lsmjava >/dev/null
cmake --install "$build" --prefix "$prefix"

echo "== pkg-config"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
pkg-config --exists libsharedmemory-java
flags=($(pkg-config --cflags --libs libsharedmemory-java))
libdir="$(pkg-config --variable=libdir libsharedmemory-java)"
cc -std=c11 -Wall -Werror -o "$work/check-pkgconfig" "$repo/jni/install-test/install_check.c" \
  "${flags[@]}" "-Wl,-rpath,$libdir"
"$work/check-pkgconfig" "$name"

echo "== CMake find_package"
cmake -S "$repo/jni/install-test" -B "$work/consumer" -DCMAKE_PREFIX_PATH="$prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
"$work/consumer/install_check" "$name"
echo "c-abi-install-test: a C program built against the installed tree via pkg-config and via find_package ran"
