#!/usr/bin/env bash
# The main job: a native C++ process and a Java process exchange data over shared memory.
# Builds what it needs if it is missing; cleans up every segment it creates.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

peer="$root/target/cmake/jni/tools/lsm-peer"
tools_jar="$root/java/tools/target/libsharedmemory-tools.jar"
if [[ ! -x "$peer" || ! -f "$tools_jar" ]]; then
  echo "[demo]   building (mvn package, first run only)..."
  mvn -B -q package -DskipTests >/dev/null
fi
java_cp="$tools_jar:$root/java/tools/target/lib/*"
native_access=""
if java --enable-native-access=ALL-UNNAMED -version >/dev/null 2>&1; then native_access="--enable-native-access=ALL-UNNAMED"; fi

run="demo$$"
seg_in="${run}_to_java"; seg_out="${run}_to_native"
stream_in="${run}_stream"; queue="${run}_queue"; stream_out="${run}_doubles"
java_side() { java $native_access -cp "$java_cp" dev.libsharedmemory.tools.Demo "$@"; }
peer_pid=""
cleanup() {
  [[ -n "$peer_pid" ]] && kill "$peer_pid" 2>/dev/null || true
  for name in "$seg_in" "$seg_out" "$stream_in" "$queue" "$stream_out"; do
    "$peer" segment-destroy "$name" >/dev/null 2>&1 || true
  done
  rm -f "${peer_log:-}"
}
trap cleanup EXIT

echo "== 1. raw segment: C++ -> Java -> C++ =="
message="Hello Java, this is C++ 👋"
"$peer" segment-create "$seg_in" 256 >/dev/null
"$peer" segment-write "$seg_in" 256 0 "$message"
echo "[native] wrote to segment '$seg_in': $message"
java_side raw "$seg_in" "$seg_out" 256
echo "[native] received from Java: $("$peer" segment-read "$seg_out" 256 0 256 --text)"

echo
echo "== 2. stream: C++ publishes and waits until Java has read it =="
peer_log="$(mktemp)"
"$peer" stream-write "$stream_in" 4096 string "{ \"sensor\": 7, \"celsius\": 21.5 }" --wait-read 20000 >"$peer_log" &
peer_pid=$!
for _ in $(seq 1 200); do grep -q written "$peer_log" && break; sleep 0.05; done
echo "[native] published on stream '$stream_in' and waits for the reader's acknowledgement"
java_side stream-read "$stream_in" 4096
wait "$peer_pid"; peer_pid=""
grep -q '^read$' "$peer_log" && echo "[native] saw the acknowledgement (isMessageRead)"

echo
echo "== 3. queue: Java enqueues, C++ dequeues =="
"$peer" queue-create "$queue" 8 128 >/dev/null
echo "[native] created queue '$queue' (8 slots of 128 bytes)"
java_side queue-send "$queue" "order #1: 3 apples" "order #2: 1 pear" "order #3: ☕ x2"
echo "[lsm]    what is in the queue now (scripts/lsm inspect):"
"$root/scripts/lsm" inspect "$queue" --messages 3 | sed -n '/queue header/,$p' | sed 's/^/           /'
"$peer" queue-dequeue "$queue" 3 | sed 's/^/[native] dequeued: /'

echo
echo "== 4. stream of doubles: Java -> C++ =="
java_side stream-write-doubles "$stream_out" 1024 3.14159 2.71828 1.41421
echo "[native] read double[] from '$stream_out':" $("$peer" stream-read "$stream_out" 1024 double)
echo
echo "== 5. the demo's segments, as scripts/lsm list sees them =="
"$root/scripts/lsm" list "${run}_*" | sed 's/^/           /'
echo
echo "[demo]   done"
