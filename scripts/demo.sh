#!/usr/bin/env bash
# The main job: a native C++ process and a Java process exchange data over shared memory.
# Builds what it needs if it is missing; cleans up every segment it creates.
set -euo pipefail
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
inbox="${run}_to_java"
outbox="${run}_to_native"
cleanup() { "$peer" segment-destroy "$inbox" 2>/dev/null || true; "$peer" segment-destroy "$outbox" 2>/dev/null || true; }
trap cleanup EXIT

echo "== raw segments: C++ -> Java -> C++ =="
message="Hello Java, this is C++ 👋"
"$peer" segment-create "$inbox" 256 >/dev/null
"$peer" segment-write "$inbox" 256 0 "$message"
echo "[native] wrote to segment '$inbox': $message"
java $native_access -cp "$java_cp" dev.libsharedmemory.tools.Demo raw "$inbox" "$outbox" 256
echo "[native] received from Java: $("$peer" segment-read "$outbox" 256 0 256 --text)"
echo "[demo]   done"

