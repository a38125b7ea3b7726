#!/usr/bin/env bash
# Installs libsharedmemory-java (main JAR, nonatives JAR, every natives-<platform> JAR that
# was built) and runs java/consumer-test twice against the installed coordinates: once on
# the main JAR, once on the nonatives JAR plus this machine's natives JAR. Then the modular
# application java/consumer-test/modular (`requires dev.libsharedmemory`) on both layouts, on
# the module path and on the class path, on JDK 17 and on the newest JDK (LSM_JDK_NEWEST,
# default /usr/lib/jvm/temurin-25-jdk-amd64; skipped if absent) with the documented
# --enable-native-access flag: each run must print nothing at all (a quiet start). Last, with
# an SLF4J binding (slf4j-simple at debug) native-lib-loader's messages must reach it.
#
#   scripts/consumer-test.sh [--no-install]
#
# The local repository is a private one (LSM_CONSUMER_REPO, default
# ~/.cache/libsharedmemory-java/m2), so ~/.m2 is left alone; it is kept between runs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"
repo="$(cd "$(dirname "$0")/.." && pwd)"
local_repo="${LSM_CONSUMER_REPO:-${XDG_CACHE_HOME:-$HOME/.cache}/libsharedmemory-java/m2}"
mkdir -p "$local_repo"
mvn=(mvn -B -q "-Dmaven.repo.local=$local_repo")
mvn_test=(mvn -B -ntp "-Dmaven.repo.local=$local_repo")  # not quiet: surefire reports what ran

case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) classifier=natives-linux-x86_64 ;;
  Linux-aarch64) classifier=natives-linux-aarch64 ;;
  Darwin-x86_64) classifier=natives-macos-x86_64 ;;
  Darwin-arm64) classifier=natives-macos-aarch64 ;;
  MINGW*-x86_64|MSYS*-x86_64) classifier=natives-windows-x86_64 ;;
  *) echo "consumer-test: no natives classifier for $(uname -s)-$(uname -m)" >&2; exit 1 ;;
esac

if [[ "${1:-}" != --no-install ]]; then
  echo "== mvn install (tests skipped: mvn verify runs them) into $local_repo"
  (cd "$repo" && "${mvn[@]}" install -DskipTests)
fi
echo "== consumer on the main JAR"
(cd "$repo/java/consumer-test" && "${mvn_test[@]}" test -Pbundled)
echo "== consumer on the nonatives JAR + $classifier"
(cd "$repo/java/consumer-test" && "${mvn_test[@]}" test -Psplit "-Dnatives.classifier=$classifier")

modular="$repo/java/consumer-test/modular"
out="$(mktemp)" err="$(mktemp)"
trap 'rm -f "$out" "$err"' EXIT
# app_path PROFILES: compiles the modular application with these profiles and prints its
# runtime path (its classes first, then the installed JARs the profiles resolve to).
app_path() {
  (cd "$modular" && "${mvn[@]}" package dependency:build-classpath "-P$1" "-Dnatives.classifier=$classifier" \
    -Dmdep.includeScope=runtime "-Dmdep.outputFile=target/path-$1.txt" >&2)
  echo "$modular/target/classes:$(cat "$modular/target/path-$1.txt")"
}
# run_app LABEL JAVA ARGS...: runs it; fails unless it exits 0 with empty stdout and stderr.
run_app() {
  local label="$1"; shift
  if ! "$@" >"$out" 2>"$err" || [[ -s "$out" || -s "$err" ]]; then
    echo "consumer-test: FAILED: $label (a quiet, successful run expected):" >&2
    cat "$out" "$err" >&2
    exit 1
  fi
  echo "   ok: $label"
}
case "$classifier" in
  natives-linux-x86_64) natives_module=dev.libsharedmemory.natives.linux_64 ;;
  natives-linux-aarch64) natives_module=dev.libsharedmemory.natives.linux_arm64 ;;
  natives-macos-x86_64) natives_module=dev.libsharedmemory.natives.osx_64 ;;
  natives-macos-aarch64) natives_module=dev.libsharedmemory.natives.osx_arm64 ;;
  natives-windows-x86_64) natives_module=dev.libsharedmemory.natives.windows_64 ;;
esac
main=example.modular/example.modular.ModularApp
jdk17="${JAVA_HOME:+$JAVA_HOME/bin/}java"  # the build's JDK (17 in CI)
base="$("$jdk17" -version 2>&1 | head -1)"
jdk_newest="${LSM_JDK_NEWEST:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
echo "== modular application: module path and class path, both layouts, quiet start"
for layout in bundled split; do
  path="$(app_path "$layout")"
  expect=(-Dexpect.module=dev.libsharedmemory)
  [[ $layout == split ]] && expect+=("-Dexpect.natives=$natives_module")
  run_app "$layout, module path, $base" \
    "$jdk17" --module-path "$path" "${expect[@]}" -Dexpect.ffm=false -m "$main"
  run_app "$layout, class path, $base" \
    "$jdk17" -cp "$path" -Dexpect.module=unnamed -Dexpect.ffm=false example.modular.ModularApp
  if [[ -x "$jdk_newest" ]]; then
    newest="$("$jdk_newest" -version 2>&1 | head -1)"
    run_app "$layout, module path, $newest, --enable-native-access=dev.libsharedmemory" \
      "$jdk_newest" --enable-native-access=dev.libsharedmemory --module-path "$path" "${expect[@]}" \
      -Dexpect.ffm=true -m "$main"
    run_app "$layout, class path, $newest, --enable-native-access=ALL-UNNAMED" \
      "$jdk_newest" --enable-native-access=ALL-UNNAMED -cp "$path" -Dexpect.module=unnamed \
      -Dexpect.ffm=true example.modular.ModularApp
  else
    echo "   note: $jdk_newest not found; newest-JDK runs skipped"
  fi
done
echo "== modular application with an SLF4J binding: native-lib-loader's messages reach it"
path="$(app_path bundled,logging)"
"$jdk17" -Dorg.slf4j.simpleLogger.defaultLogLevel=debug --module-path "$path" -m "$main" >"$out" 2>"$err"
if ! grep -q 'org.scijava.nativelib.BaseJniExtractor - mappedLib is' "$err"; then
  echo "consumer-test: FAILED: slf4j-simple at debug did not receive native-lib-loader's messages:" >&2
  cat "$out" "$err" >&2
  exit 1
fi
echo "   ok: slf4j-simple logged $(grep -c 'org.scijava.nativelib' "$err") native-lib-loader message(s)"
echo "consumer-test: both layouts passed, on the class path and the module path"
