#!/usr/bin/env bash
# Runs the native benchmark (lsm-bench) and the JMH benchmarks in one go, measures the cost
# of an empty JNI call in the same run, and prints one table: scenario, native ns/op, Java
# ns/op, empty-JNI-call ns, Java/native throughput, JMH gc-profiler bytes/op, target.
#
#   scripts/bench.sh             full run (3x1 s warm-up, 5x1 s measurement per scenario; ~16 minutes)
#   scripts/bench.sh --quick     the same scenarios in 1.5 minutes (short iterations: noisier)
#   scripts/bench.sh --smoke     ~15 s: every scenario runs on both sides (fails otherwise); numbers mean nothing
#   --csv FILE                   also write the table as CSV
#   --filter REGEX               only scenarios matching REGEX (both sides)
#   --jni                        on JDK 22+: keep every call on JNI (-Dlibsharedmemory.ffm=false)
#
# Runs the JVM of JAVA_HOME (else the java on PATH). On JDK 22+ the benchmark JVMs get
# --enable-native-access=ALL-UNNAMED, so the data calls take critical foreign downcalls.
#
# Builds with Maven (package, no tests) when the benchmark JAR or lsm-bench is missing; after a
# change, rebuild first (mvn -B -q package -DskipTests, whole reactor: -pl would take the library
# from ~/.m2). JMH results: ns/op of AverageTime, or 1/throughput summed over threads.
# Never used to assert anything: timings are reported, not tested.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

mode=full
csv=""
filter=""
force_jni=0
while (($#)); do
  case "$1" in
    --quick) mode=quick ;;
    --smoke) mode=smoke ;;
    --csv) csv="$(realpath -m "${2:?--csv needs a file}")"; shift ;;
    --filter) filter="${2:?--filter needs a regex}"; shift ;;
    --jni) force_jni=1 ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown option $1" >&2; exit 1 ;;
  esac
  shift
done

bench="$root/target/cmake/jni/bench/lsm-bench"
jar="$root/java/benchmarks/target/benchmarks.jar"
if [[ ! -x "$bench" || ! -f "$jar" ]]; then
  echo "[bench] building (mvn package -DskipTests)..." >&2
  mvn -B -q package -DskipTests >/dev/null
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v python3 >/dev/null || { echo "bench.sh: python3 is needed to print the table" >&2; exit 1; }

case "$mode" in
  full)  native_opts=();          jmh_opts=() ;;  # the annotations: 1 fork, 3x1 s warm-up, 5x1 s
  quick) native_opts=(--quick);   jmh_opts=(-f 1 -wi 1 -w 100ms -i 1 -r 200ms) ;;
  # smoke: no fork (one JVM for all benchmarks), no warm-up: checks that everything runs.
  smoke) native_opts=(--smoke);   jmh_opts=(-f 0 -wi 0 -i 1 -r 10ms) ;;
esac
[[ -n "$filter" ]] && native_opts+=(--filter "$filter")

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
start=$SECONDS

echo "[bench] native: lsm-bench ${native_opts[*]}" >&2
"$bench" "${native_opts[@]}" >"$work/native.tsv"

echo "[bench] Java: JMH ${jmh_opts[*]} -prof gc" >&2
# The native peer of the cross-process scenarios (the Java peer is a second JVM on this JAR).
props="-Dlsm.bench.native=$bench"
java_feature="$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
route="JNI"
if (( ${java_feature%%.*} >= 22 )); then
  props+=" --enable-native-access=ALL-UNNAMED"
  if ((force_jni)); then props+=" -Dlibsharedmemory.ffm=false"; else route="foreign downcalls (JDK 22+)"; fi
fi
if [[ -n "$filter" ]] && ! "$java_bin" -jar "$jar" -l "$filter" | grep -q '\.'; then
  echo '[]' >"$work/jmh.json"  # the filter selects only scenarios outside JMH (latency)
else
  "$java_bin" $props -jar "$jar" "${jmh_opts[@]}" -foe true -prof gc -rf json -rff "$work/jmh.json" -jvmArgsPrepend "$props" \
    ${filter:+"$filter"} >"$work/jmh.log" 2>&1 || { tail -50 "$work/jmh.log" >&2; exit 1; }
fi

# Latency: every round trip timed by hand, as lsm-bench times its own (JMH's sampling did not match).
case "$mode" in
  full)  latency_opts=(--warmup-ms 3000 --samples 200000) ;;
  quick) latency_opts=(--warmup-ms 100 --samples 20000) ;;
  smoke) latency_opts=(--warmup-ms 0 --samples 200) ;;
esac
echo "[bench] Java: PingPongLatency ${latency_opts[*]}" >&2
"$java_bin" $props -cp "$jar" dev.libsharedmemory.bench.PingPongLatency "${latency_opts[@]}" ${filter:+--filter "$filter"} \
  >"$work/latency.tsv" || exit 1

echo >&2
echo "== libsharedmemory-java benchmarks ($mode), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$java_bin" -version 2>&1 | head -1), data calls: $route"
check=()
[[ "$mode" == smoke && -z "$filter" ]] && check=(--require-both)  # both sides cover the same scenarios
python3 "$root/scripts/bench_table.py" "${check[@]}" --java-tsv "$work/latency.tsv" "$work/native.tsv" "$work/jmh.json" ${csv:+"$csv"}
echo "[bench] done in $((SECONDS - start)) s" >&2
