#!/usr/bin/env bash
# Cross-builds windows-x86_64 with mingw-w64 and runs the native tests (core, C ABI, the
# Windows suite: persistent file under %PROGRAMDATA%\shared_memory, named mappings, two
# processes through lsm-peer.exe) under wine, headless, in a wine prefix of its own
# (LSM_WINEPREFIX, default ~/.cache/libsharedmemory-java/wineprefix). Then checks that
# lsmjava.dll exports its JNI and C functions and needs nothing but Windows' own DLLs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"
repo="$(cd "$(dirname "$0")/.." && pwd)"
command -v wine >/dev/null || { echo "test-windows: wine not found (scripts/install-cross-deps.sh)" >&2; exit 1; }
export WINEPREFIX="${LSM_WINEPREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/libsharedmemory-java/wineprefix}"
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="  # no Mono/Gecko prompts
unset DISPLAY
mkdir -p "$(dirname "$WINEPREFIX")"

"$repo/scripts/build-natives.sh" --strict windows-x86_64
build="$repo/target/cmake-windows-x86_64"
[[ -f "$WINEPREFIX/system.reg" ]] || { echo "== creating wine prefix $WINEPREFIX"; wineboot -i >/dev/null 2>&1 || true; }

echo "== native tests under wine"
status=0
ctest --test-dir "$build" --output-on-failure || status=$?

echo "== lsmjava.dll: exports and imports"
dll="$build/jni/lsmjava.dll"
dump="$(x86_64-w64-mingw32-objdump -p "$dll")"
for symbol in JNI_OnLoad Java_dev_libsharedmemory_SegmentNative_create lsm_create lsm_last_error; do
  grep -qE "\] $symbol\$" <<<"$dump" || { echo "test-windows: $symbol is not exported" >&2; status=1; }
done
imports="$(grep 'DLL Name:' <<<"$dump" | awk '{print $3}' | sort -u | tr '\n' ' ')"
echo "imports: $imports"
for dep in $imports; do
  case "${dep,,}" in
    kernel32.dll|msvcrt.dll|advapi32.dll|ntdll.dll|user32.dll|api-ms-win-*) ;;
    *) echo "test-windows: lsmjava.dll needs $dep, which a plain Windows does not have" >&2; status=1 ;;
  esac
done
wineserver -k 2>/dev/null || true  # this prefix's server only
exit $status
