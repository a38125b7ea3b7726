#!/usr/bin/env bash
# Builds the native core, C ABI, peer and tests under AddressSanitizer + UndefinedBehaviorSanitizer
# and under ThreadSanitizer, and runs the native tests (ctest) with each. Any report fails the run.
# Usage: scripts/native-sanitizers.sh [asan|tsan]...   (default: both)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"
root="$(cd "$(dirname "$0")/.." && pwd)"
kinds=("$@")
((${#kinds[@]})) || kinds=(asan tsan)

for kind in "${kinds[@]}"; do
  case "$kind" in
    asan) flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" ;;
    tsan) flags="-fsanitize=thread -fno-omit-frame-pointer" ;;
    *) echo "unknown sanitizer kind: $kind" >&2; exit 1 ;;
  esac
  build="$root/target/sanitize-$kind"
  echo "== native tests under $kind =="
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLSM_BUILD_JNI=OFF \
    -DCMAKE_CXX_FLAGS="$flags" -DCMAKE_EXE_LINKER_FLAGS="$flags" -DCMAKE_SHARED_LINKER_FLAGS="$flags" >/dev/null
  cmake --build "$build" --parallel 2 >/dev/null
  # handle_sigbus=0: the library's SIGBUS handler chains to the one it finds; the sanitizers'
  # own would report every SIGBUS that the tests expect to end a child with the default action.
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:handle_sigbus=0 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1:handle_sigbus=0 \
    ctest --test-dir "$build" --output-on-failure
done
