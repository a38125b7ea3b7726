#!/usr/bin/env bash
# A Java program compiled against the built JAR and its two runtime dependencies alone (no
# build tree on the path) opens a segment created by the native peer and reads its bytes.
# Run by `mvn verify` (java/tools, verify phase) after the JARs are packaged.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"
root="$(cd "$(dirname "$0")/.." && pwd)"
peer="$root/target/cmake/jni/tools/lsm-peer"
lib="$root/java/tools/target/lib"

work="$(mktemp -d)"
name="standalone$$"
trap 'rm -rf "$work"; "$peer" segment-destroy "$name" >/dev/null 2>&1 || true' EXIT

# Only the three JARs, copied away from the build tree.
cp "$lib"/libsharedmemory-java-*.jar "$lib"/native-lib-loader-*.jar "$lib"/slf4j-api-*.jar "$work/"
mkdir "$work/classes"
javac --release 17 -d "$work/classes" -cp "$work/*" "$root/java/tools/src/standalone/StandaloneReader.java"

"$peer" segment-create "$name" 64 >/dev/null
"$peer" segment-write "$name" 64 0 "written by C++"
got="$(cd "$work" && java -cp "classes:*" StandaloneReader "$name" 64 14 2>/dev/null)"
if [[ "$got" != "written by C++" ]]; then
  echo "standalone-check: FAILED, read '$got'" >&2
  exit 1
fi
echo "standalone-check: a program built against the JAR alone read '$got' from a native segment"
