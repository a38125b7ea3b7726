#!/usr/bin/env bash
# Runs the native benchmark (lsm-bench) and the JMH benchmarks in one go, measures the cost
# of an empty JNI call (on JDK 22+ also of an empty critical foreign downcall) in the same run,
# and prints one table: scenario, floor / core / C ABI / Java ns/op, empty-JNI-call ns,
# Java/core throughput, JMH gc-profiler bytes/op, target.
# The floor (jni/bench/floor.hpp) is the wire format's steps alone; the call-path rows (call_*)
# and the C++ library's contention workload (contention_*) are measured on it, on the core, on
# the C ABI and in Java. One run measures one JDK: run it once per JDK (JAVA_HOME=...).
#
#   scripts/bench.sh             full run (~30 minutes): single-threaded scenarios 3x1 s warm-up,
#                                5x1 s measurement; threaded and latency ones paired (below);
#                                workloads 2 warm-up runs, median of 3 runs, per round
#   scripts/bench.sh --quick     the same scenarios in about 4 minutes (short iterations, one
#                                workload run: noisier)
#   scripts/bench.sh --smoke     ~30 s: every scenario runs on both sides (fails otherwise); numbers mean nothing
#   --csv FILE                   also write the table as CSV
#   --filter REGEX               only scenarios matching REGEX (both sides)
#   --jni                        on JDK 22+: keep every call on JNI (-Dlibsharedmemory.ffm=false)
#
# Waiting scenarios (WaitingBenchmark, last and alone): a waiting thread's CPU time in one 10 s
# wait on a segment nobody writes, and the wake-up latency from a sender process to the waiter
# (Java; native where the C ABI can wait), 30 ms between messages (quick: 40, full: 200); each
# once per wait strategy the library has (quick: sleep; full: default, sleep, backoff, busySpin),
# else default. The wake-up rows are then measured once more with the machine's CPUs kept awake
# (strategy column "sleep, cpus awake"; reported, not targeted): one SCHED_IDLE spinner per CPU,
# which runs only when nothing else wants that CPU, so no CPU halts. On a VM this takes out the
# hypervisor's cost of resuming a halted vCPU (tens of microseconds here), which the plain rows
# include; the difference between the two is the machine's, not the library's.
#
# Paired scenarios (threads on both vCPUs: queue, contention, workload, latency) depend on how
# the machine schedules threads, which can change for minutes at a time; so each is measured native, then
# Java, right after each other, in 3 rounds (the order swapped every round), and the table takes
# each side's median. The rounds are printed under the table.
#
# Runs the JVM of JAVA_HOME (else the java on PATH). On JDK 22+ the benchmark JVMs get
# --enable-native-access=ALL-UNNAMED, so the data calls take critical foreign downcalls.
#
# Builds with Maven (package, no tests) when the benchmark JAR or lsm-bench is missing; after a
# change, rebuild first (mvn -B -q package -DskipTests, whole reactor: -pl would take the library
# from ~/.m2). JMH results: ns/op of AverageTime, or 1/throughput summed over threads.
# Never used to assert anything: timings are reported, not tested.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/usage.sh" "$@"
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
    *) echo "bench.sh: unknown option $1" >&2; exit 1 ;;
  esac
  shift
done

bench="$root/target/cmake/jni/bench/lsm-bench"
jar="$root/java/benchmarks/target/benchmarks.jar"
bench_jni="$root/target/cmake/jni/bench/liblsmbenchjni.so"  # the JMH module's native hooks (BenchNative)
if [[ ! -x "$bench" || ! -f "$jar" || ! -f "$bench_jni" ]]; then
  echo "[bench] building (mvn package -DskipTests)..." >&2
  mvn -B -q package -DskipTests >/dev/null
fi
java_bin="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v python3 >/dev/null || { echo "bench.sh: python3 is needed to print the table" >&2; exit 1; }

case "$mode" in
  full)  native_opts=();          jmh_opts=()   # the annotations: 1 fork, 3x1 s warm-up, 5x1 s
         rounds=3; paired_native=(--warmup 1 --iterations 3 --iteration-ms 1000); paired_jmh=(-wi 1 -w 1s -i 3 -r 1s)
         latency_opts=(--warmup-ms 1000 --samples 200000); workload_opts=(--warmup 2 --runs 3)
         wait_idle_opts=(--idle-seconds 10 --strategy default,sleep,backoff)
         wait_wakeup_opts=(--messages 200 --strategy default,sleep,backoff,busySpin)
         wait_awake_opts=(--messages 200 --strategy sleep) ;;
  quick) native_opts=(--quick);   jmh_opts=(-f 1 -wi 1 -w 100ms -i 1 -r 200ms)
         # threaded JMH groups are not yet compiled after 100 ms (first iterations 2-10x slower)
         rounds=1; paired_native=(--quick); paired_jmh=(-f 1 -wi 1 -w 400ms -i 1 -r 200ms)
         latency_opts=(--warmup-ms 100 --samples 20000); workload_opts=(--warmup 1 --runs 1)
         wait_idle_opts=(--idle-seconds 10 --strategy sleep); wait_wakeup_opts=(--messages 40 --strategy sleep)
         wait_awake_opts=("${wait_wakeup_opts[@]}") ;;
  # smoke: no fork (one JVM for all benchmarks), no warm-up: checks that everything runs.
  smoke) native_opts=(--smoke);   jmh_opts=(-f 0 -wi 0 -i 1 -r 10ms)
         rounds=1; paired_native=(--smoke); paired_jmh=("${jmh_opts[@]}")
         latency_opts=(--warmup-ms 0 --samples 200); workload_opts=(--warmup 0 --runs 1 --scale 0.01)
         wait_idle_opts=(--idle-seconds 0.2 --strategy default,sleep,backoff,busySpin)
         wait_wakeup_opts=(--messages 3 --warmup 1 --strategy default,sleep,backoff,busySpin)
         wait_awake_opts=(--messages 3 --warmup 1 --strategy sleep) ;;
esac
[[ -n "$filter" ]] && native_opts+=(--filter "$filter")
paired='^(queue_spsc_|queue_producers_|queue_consumers_|stream_writers_|contention_|pingpong_)'

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
start=$SECONDS

# The native peer of the cross-process scenarios (the Java peer is a second JVM on this JAR).
props="-Dlsm.bench.native=$bench -Dlsm.bench.jni=$bench_jni"
java_feature="$("$java_bin" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
route="JNI"
java_limit=16  # ns Java may add per call to the C ABI: on the JNI route (JDK 17)
if (( ${java_feature%%.*} >= 22 )); then
  props+=" --enable-native-access=ALL-UNNAMED"
  if ((force_jni)); then props+=" -Dlibsharedmemory.ffm=false"; else route="foreign downcalls (JDK 22+)"; java_limit=4; fi
fi
table_inputs=()
# JMH benchmarks not run here: the paired ones (below), and before JDK 22 the foreign downcall's.
jmh_exclude="\.${paired#^}"
(( ${java_feature%%.*} >= 22 )) || jmh_exclude="(${jmh_exclude}|\.ffm_)"

# jmh OUT_JSON REGEX [JMH options...]: one JMH run with the gc profiler.
jmh() {
  local out="$1" regex="$2"; shift 2
  "$java_bin" $props -jar "$jar" "$@" -foe true -prof gc -rf json -rff "$out" -jvmArgsPrepend "$props" \
    "$regex" >"$work/jmh.log" 2>&1 || { tail -50 "$work/jmh.log" >&2; exit 1; }
  table_inputs+=(--jmh "$out")
}

echo "[bench] single-threaded: lsm-bench ${native_opts[*]}, then JMH ${jmh_opts[*]} -prof gc" >&2
"$bench" "${native_opts[@]}" --exclude "$paired" >"$work/native.tsv"
table_inputs+=(--native "$work/native.tsv")
# (with the fixed costs: the empty JNI call; unless a filter leaves every JMH benchmark out)
if [[ -z "$filter" ]] || "$java_bin" -jar "$jar" -l -e "$jmh_exclude" "$filter" | grep -q '\.'; then
  jmh "$work/jmh.json" "${filter:-.}" "${jmh_opts[@]}" -e "$jmh_exclude"
fi

# Paired rounds: native then Java for one scenario, right after each other; even rounds Java first.
# native_side/java_side SCENARIO ROUND: one measurement, appended to that round's results.
native_side() { "$bench" "${paired_native[@]}" --filter "^$1\$" >>"$work/native.r$2.tsv"; }
java_side() {
  if [[ "$1" == pingpong_native_native ]]; then  # its Java peers: pingpong_java_java and _java_native
    "$java_bin" $props -cp "$jar" dev.libsharedmemory.bench.PingPongLatency "${latency_opts[@]}" \
      ${filter:+--filter "$filter"} >>"$work/java.r$2.tsv"
  elif [[ "$1" == contention_* ]]; then  # a fixed workload timed whole, not JMH
    "$java_bin" $props -cp "$jar" dev.libsharedmemory.bench.ContentionWorkload "${workload_opts[@]}" \
      --filter "^$1\$" >>"$work/java.r$2.tsv"
  else
    jmh "$work/jmh.r$2.$1.json" "\.$1\$" "${paired_jmh[@]}"
  fi
}
mapfile -t scenarios < <("$bench" --list --filter "$paired" | grep -E -- "${filter:-.}" || true)
for ((round = 1; round <= rounds && ${#scenarios[@]} > 0; round++)); do
  echo "[bench] paired round $round/$rounds: ${scenarios[*]}" >&2
  for scenario in "${scenarios[@]}"; do
    if ((round % 2)); then
      native_side "$scenario" "$round"; java_side "$scenario" "$round"
    else
      java_side "$scenario" "$round"; native_side "$scenario" "$round"
    fi
  done
  table_inputs+=(--native "$work/native.r$round.tsv")
  [[ -f "$work/java.r$round.tsv" ]] && table_inputs+=(--java-tsv "$work/java.r$round.tsv")
done

# Waiting: idle rows first, then wake-up rows; nothing else runs meanwhile.
waiting() {
  "$java_bin" $props -cp "$jar" dev.libsharedmemory.bench.WaitingBenchmark "$@" ${filter:+--filter "$filter"}
}
# One SCHED_IDLE busy loop per CPU this script may run on (chrt, taskset: util-linux); false,
# with none left running, when they cannot all be started.
spinners=()
cpu_list() {
  local part
  for part in $(taskset -pc $$ | sed 's/.*: //' | tr ',' ' '); do
    if [[ "$part" == *-* ]]; then seq "${part%-*}" "${part#*-}"; else echo "$part"; fi
  done
}
awake_cpus() {
  command -v chrt >/dev/null && command -v taskset >/dev/null || { echo "[bench] no chrt/taskset: no 'cpus awake' rows" >&2; return 1; }
  local cpu pid
  for cpu in $(cpu_list); do
    chrt --idle 0 taskset -c "$cpu" sh -c 'while :; do :; done' </dev/null >/dev/null 2>&1 & spinners+=($!)
  done
  sleep 0.2
  for pid in "${spinners[@]}"; do
    kill -0 "$pid" 2>/dev/null || { echo "[bench] a SCHED_IDLE spinner did not start: no 'cpus awake' rows" >&2; stop_spinners; return 1; }
  done
  echo "[bench] wake-up rows again, cpus awake (${#spinners[@]} SCHED_IDLE spinners)" >&2
}
stop_spinners() {
  if ((${#spinners[@]})); then
    kill "${spinners[@]}" 2>/dev/null || true
    wait "${spinners[@]}" 2>/dev/null || true
  fi
  spinners=()
}
trap 'stop_spinners; rm -rf "$work"' EXIT
if waiting --list | grep -q .; then
  echo "[bench] waiting: idle ${wait_idle_opts[*]}; wake-up ${wait_wakeup_opts[*]}" >&2
  waiting --filter '^wait_idle_' "${wait_idle_opts[@]}" >>"$work/wait.tsv"
  waiting --filter '^wait_wakeup_' "${wait_wakeup_opts[@]}" >>"$work/wait.tsv"
  if awake_cpus; then
    waiting --filter '^wait_wakeup_' "${wait_awake_opts[@]}" \
      | awk 'BEGIN { FS = OFS = "\t" } $1 == "wakeup" { $3 = $3 ", cpus awake" } { print }' >>"$work/wait.tsv"
    stop_spinners
  fi
  table_inputs+=(--wait "$work/wait.tsv")
fi

echo >&2
echo "== libsharedmemory-java benchmarks ($mode), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $("$java_bin" -version 2>&1 | head -1), data calls: $route"
check=()
[[ "$mode" == smoke && -z "$filter" ]] && check=(--require-both)  # both sides cover the same scenarios
python3 "$root/scripts/bench_table.py" "${check[@]}" "${table_inputs[@]}" ${csv:+--csv "$csv"} \
  --java-limit "$java_limit" --java-label "Java $java_feature"
echo "[bench] done in $((SECONDS - start)) s" >&2
