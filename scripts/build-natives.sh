#!/usr/bin/env bash
# Builds the native library (and its native tests and lsm-peer) for every platform this
# machine can build, into target/natives-cross/natives/<platform>/, where the Maven build
# picks them up for the main JAR and the classifier JARs.
#
#   scripts/build-natives.sh [--strict] [PLATFORM...]
#
# PLATFORM: linux-x86_64 linux-aarch64 windows-x86_64 macos-x86_64 macos-aarch64
# (default: all). A platform whose compiler is missing is skipped with the reason;
# --strict turns a skip on this OS into a failure (CI). Build trees: target/cmake-<platform>.
# Linux builds everything but macOS; a Mac builds both macOS architectures.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"

repo="$(cd "$(dirname "$0")/.." && pwd)"
out="$repo/target/natives-cross"
strict=false
requested=()
for arg in "$@"; do
  case "$arg" in
    --strict) strict=true ;;
    *) requested+=("$arg") ;;
  esac
done
all=(linux-x86_64 linux-aarch64 windows-x86_64 macos-x86_64 macos-aarch64)
[[ ${#requested[@]} -gt 0 ]] || requested=("${all[@]}")

if [[ -z "${JAVA_HOME:-}" ]]; then
  JAVA_HOME="$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")"
fi
host_os="$(uname -s)"
host_cpu="$(uname -m)"
jobs="${LSM_BUILD_JOBS:-2}"

built=()
skipped=()
skip() {  # platform reason fatal-under-strict
  skipped+=("$1: $2")
  echo "== skipped $1: $2" >&2
  if $strict && [[ "$3" == yes ]]; then
    echo "build-natives: --strict and $1 cannot be built here" >&2
    exit 1
  fi
}

build() {  # platform cmake-args...
  local platform="$1"; shift
  local dir="$repo/target/cmake-$platform"
  echo "== building $platform in $dir" >&2
  cmake -S "$repo" -B "$dir" -DCMAKE_BUILD_TYPE=Release -DJAVA_HOME="$JAVA_HOME" \
    -DLSM_NATIVES_DIR="$out" "$@" >&2
  cmake --build "$dir" --parallel "$jobs" >&2
  built+=("$platform")
}

for platform in "${requested[@]}"; do
  case "$platform" in
    linux-x86_64)
      if [[ "$host_os" != Linux ]]; then skip "$platform" "needs a Linux host" no
      elif [[ "$host_cpu" == x86_64 ]]; then build "$platform"
      else skip "$platform" "no cross toolchain for x86_64 from $host_cpu" yes
      fi ;;
    linux-aarch64)
      if [[ "$host_os" != Linux ]]; then skip "$platform" "needs a Linux host" no
      elif [[ "$host_cpu" == aarch64 ]]; then build "$platform"
      elif command -v aarch64-linux-gnu-g++ >/dev/null; then
        build "$platform" --toolchain "$repo/cmake/toolchains/linux-aarch64.cmake"
      else skip "$platform" "aarch64-linux-gnu-g++ not found (scripts/install-cross-deps.sh installs it)" yes
      fi ;;
    windows-x86_64)
      if [[ "$host_os" == MINGW* || "$host_os" == MSYS* ]]; then build "$platform" -G "MinGW Makefiles"
      elif [[ "$host_os" != Linux ]]; then skip "$platform" "cross-built on Linux or built on Windows" no
      elif command -v x86_64-w64-mingw32-g++-posix >/dev/null || command -v x86_64-w64-mingw32-g++ >/dev/null; then
        build "$platform" --toolchain "$repo/cmake/toolchains/windows-x86_64.cmake"
      else skip "$platform" "x86_64-w64-mingw32-g++ not found (scripts/install-cross-deps.sh installs it)" yes
      fi ;;
    macos-x86_64|macos-aarch64)
      arch=x86_64; id=osx_64
      [[ "$platform" == macos-aarch64 ]] && { arch=arm64; id=osx_arm64; }
      if [[ "$host_os" == Darwin ]]; then build "$platform" -DCMAKE_OSX_ARCHITECTURES="$arch" -DLSM_PLATFORM="$id"
      else skip "$platform" "needs a Mac (Apple's SDK)" no
      fi ;;
    *) echo "build-natives: unknown platform $platform (one of: ${all[*]})" >&2; exit 2 ;;
  esac
done

echo "built:   ${built[*]:-(none)}"
for s in ${skipped[@]+"${skipped[@]}"}; do echo "skipped: $s"; done
echo "natives: $out/natives"
(cd "$out" 2>/dev/null && find natives -type f | sort) || true
