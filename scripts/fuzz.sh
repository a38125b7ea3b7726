#!/usr/bin/env bash
# Builds the libFuzzer targets (jni/fuzz) with clang and runs each for a bounded time over
# hostile stream and queue segments. Usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (default 30)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-30}"
clangxx="$(command -v clang++ || command -v clang++-14 || true)"
if [[ -z "$clangxx" ]]; then
  echo "fuzz: clang++ not found (apt-get install -y clang-14 libclang-rt-14-dev)" >&2
  exit 1
fi
build="$root/target/fuzz"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$clangxx" \
  -DLSM_BUILD_JNI=OFF -DLSM_BUILD_TESTS=OFF -DLSM_BUILD_TOOLS=OFF -DLSM_BUILD_FUZZ=ON >/dev/null
cmake --build "$build" --parallel 2 --target fuzz_stream fuzz_queue >/dev/null
for target in stream queue; do
  corpus="$build/corpus_$target"   # grows as the fuzzer finds new paths
  seeds="$root/jni/fuzz/corpus/$target"  # small hand-made inputs kept in the repo (read only)
  mkdir -p "$corpus"
  echo "== fuzz_$target for ${seconds}s =="
  (cd "$build" && ./jni/fuzz/fuzz_$target -max_total_time="$seconds" -max_len=8193 -timeout=10 \
     -print_final_stats=1 "$corpus" "$seeds" 2>&1 | grep -E "^(#[0-9]+ +DONE|Done|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)" || true)
  # libFuzzer writes crash-*/leak-*/timeout-* files when it finds something (replay one with
  # target/fuzz/jni/fuzz/fuzz_TARGET FILE).
  if ls "$build"/crash-* "$build"/leak-* "$build"/timeout-* >/dev/null 2>&1; then
    echo "fuzz_$target found a failure:" "$build"/crash-* "$build"/leak-* "$build"/timeout-* >&2
    exit 1
  fi
done
echo "fuzz: no failures"
