#!/usr/bin/env python3
"""Joins the native (lsm-bench) and Java (JMH JSON) results of one bench.sh run into the table.

usage: bench_table.py [--require-both] [--native TSV]... [--jmh JSON]... [--java-tsv TSV]... [--wait TSV]...
                      [--csv FILE] [--java-limit NS] [--java-label TEXT]

--require-both exits 1 when a scenario has a result on one side only (a smoke run's check
that both benchmarks still cover the same scenarios; no timing is ever checked).

Scenario names are the same on both sides: a JMH benchmark method name plus its parameter
values joined by '_' (segment_write_bytes + size=16 -> segment_write_bytes_16). Java ns/op is
the JMH score (AverageTime), or 1000 / ops per us (Throughput, summed over threads; for a
producer/consumer group the slower side, i.e. messages handed over). The ping-pong latency rows
come from --java-tsv (PingPongLatency, "scenario TAB one-way ns" lines, as lsm-bench prints).
A scenario measured in several rounds (bench.sh's paired rounds) gets each side's median, and
its rounds are listed under the table.

The call-path (call_*) and workload (contention_*) rows also have lsm-bench rows "floor:<scenario>"
(the wire format's steps alone) and "cabi:<scenario>" (the C ABI); the plain native row is the
core. Their targets: a call's C ABI row <= max(1.5 x floor, floor + 3 ns), and Java adds at most
--java-limit ns per call to it (an enqueue + dequeue is two calls); a workload's core row is not
slower than its floor row by more than WORKLOAD_NOISE.

The waiting rows (--wait: WaitingBenchmark's "idle ..." and "wakeup ..." lines) get a table of
their own: an idle waiter's CPU time as % of a core, a wake-up's p50/p99/max in us. Their targets
(IDLE_CORE_PERCENT, WAKEUP_P50_US, WAKEUP_P99_US) apply to the strategies in WAIT_TARGETED;
the other strategies, and the floor sender (a C++ library peer, which wakes nobody), are reported. They are not in the CSV.
"""
import csv
import json
import statistics
import sys
from collections import defaultdict

NATIVE_PEER = {  # Java scenario -> native scenario it is compared with
    "pingpong_java_java": "pingpong_native_native",
    "pingpong_java_native": "pingpong_native_native",
}
# lsm-bench's rows of the other native implementations: "<prefix><scenario>".
IMPLEMENTATIONS = ("floor:", "cabi:")
# How much slower than the floor a workload's core row may be and still count as noise.
WORKLOAD_NOISE = 1.10
# The waiting rows' targets, and the wait strategies they apply to ("default": a handle's own).
IDLE_CORE_PERCENT = 0.1
WAKEUP_P50_US = 50.0
WAKEUP_P99_US = 500.0
WAIT_TARGETED = ("default", "sleep")
# What the JDK's own steps cost (CallPathBenchmark's jdk_* rows): printed beside the fixed costs.
REFERENCE = "jdk_"
# The fixed costs measured in the same run; not scenarios of the table.
FIXED = ("jni_empty_call", "ffm_empty_call", "guarded_jni_empty_call", "jni_direct_buffer_upcalls", "jni_critical_pin",
         "jni_array_region_16")


def native_name_of(scenario):
    """The native scenario a Java one is compared with (its own name but for the ping-pong pairs)."""
    for java_side, native_side in NATIVE_PEER.items():
        if scenario.startswith(java_side):
            return native_side + scenario[len(java_side):]
    return scenario


def kind_of(scenario):
    """The issue's kinds: one writer thread is a small operation, one producer with one consumer
    is a queue hand-over; contention means several threads on one side."""
    if scenario.startswith("pingpong_"):
        return "latency"
    if scenario.startswith("call_"):
        return "call"
    if scenario.startswith("contention_"):
        return "workload"
    if scenario == "stream_writers_1":
        return "small"
    if scenario.startswith("queue_spsc_") or scenario in ("queue_producers_1", "queue_consumers_1"):
        return "queue"
    if scenario.startswith(("stream_writers_", "queue_producers_", "queue_consumers_")):
        return "contention"
    if scenario.endswith("_65536"):
        return "large"
    return "small"


def read_native(path, into):
    """Appends every "scenario TAB ns" line of path to into[scenario]."""
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 2:
                into[parts[0]].append(float(parts[1]))


def read_java(path, java, alloc):
    """Appends each JMH result of path (ns/op) to java[scenario], its gc bytes/op to alloc[scenario]."""
    with open(path) as f:
        results = json.load(f)
    for r in results:
        method = r["benchmark"].rsplit(".", 1)[1]
        scenario = "_".join([method] + list(r.get("params", {}).values()))
        primary = r["primaryMetric"]
        unit = primary["scoreUnit"]
        secondary = r.get("secondaryMetrics", {})
        norm = secondary.get("gc.alloc.rate.norm")
        if r["mode"] == "thrpt":
            sides = [m["score"] for name, m in secondary.items() if not name.startswith("gc.")]
            ops_per_us = min(sides) if sides else primary["score"]
            per_us = {"ops/us": 1.0, "ops/ms": 1e-3, "ops/s": 1e-6, "ops/ns": 1e3}[unit]
            java[scenario].append(1000.0 / (ops_per_us * per_us) if ops_per_us > 0 else float("inf"))
        else:
            per_ns = {"ns/op": 1.0, "us/op": 1e3, "ms/op": 1e6}[unit]
            java[scenario].append(primary["score"] * per_ns)
        if norm:
            alloc[scenario].append(norm["score"])


def read_wait(path, into):
    """Appends every "idle|wakeup TAB scenario TAB strategy TAB values..." line of path to into."""
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if parts[0] == "idle" and len(parts) == 5:
                into.append((parts[1], parts[2], {"cpu_ns": float(parts[3]), "wall_ns": float(parts[4])}))
            elif parts[0] == "wakeup" and len(parts) == 7:
                into.append((parts[1], parts[2], {"p50": float(parts[3]) / 1e3, "p99": float(parts[4]) / 1e3,
                                                  "max": float(parts[5]) / 1e3, "count": int(parts[6])}))


def wait_checks(scenario, strategy, values):
    """[(text, met)] for a waiting row; met is None where only reported."""
    targeted = strategy in WAIT_TARGETED and "_floor_" not in scenario
    if "cpu_ns" in values:
        percent = 100.0 * values["cpu_ns"] / values["wall_ns"]
        return [("%.3f%% <= %.1f%%" % (percent, IDLE_CORE_PERCENT), percent <= IDLE_CORE_PERCENT if targeted else None)]
    return [("p50 %.0f <= %.0f us" % (values["p50"], WAKEUP_P50_US), values["p50"] <= WAKEUP_P50_US if targeted else None),
            ("p99 %.0f <= %.0f us" % (values["p99"], WAKEUP_P99_US), values["p99"] <= WAKEUP_P99_US if targeted else None)]


def print_table(header, lines):
    """Prints header and lines in columns: the first two and the last left-aligned, the rest right-aligned."""
    widths = [max(len(str(x[i])) for x in [header] + lines) for i in range(len(header))]
    print("  ".join(h.ljust(w) for h, w in zip(header, widths)))
    print("  ".join("-" * w for w in widths))
    last = len(header) - 1
    for line in lines:
        print("  ".join(str(x).ljust(w) if i < 2 or i == last else str(x).rjust(w)
                        for i, (x, w) in enumerate(zip(line, widths))))


def print_wait_table(rows):
    """Prints the waiting rows; returns (met, missed)."""
    header = ("waiting scenario", "strategy", "CPU ms", "% core", "p50 us", "p99 us", "max us", "count", "target")
    lines = []
    met = missed = 0
    for scenario, strategy, values in rows:
        checks = wait_checks(scenario, strategy, values)
        met += sum(1 for _, ok in checks if ok is True)
        missed += sum(1 for _, ok in checks if ok is False)
        text = "; ".join(t + (" (reported)" if ok is None else (" met" if ok else " MISSED")) for t, ok in checks)
        if "cpu_ns" in values:
            cells = ("%.1f" % (values["cpu_ns"] / 1e6), "%.3f" % (100.0 * values["cpu_ns"] / values["wall_ns"]),
                     "-", "-", "-", "-")
        else:
            cells = ("-", "-", "%.1f" % values["p50"], "%.1f" % values["p99"], "%.1f" % values["max"],
                     str(values["count"]))
        lines.append((scenario, strategy) + cells + (text,))
    print()
    print_table(header, lines)
    print("(idle: the waiting thread's CPU time in one wait on a segment nobody writes; wake-up: return time"
          " - send time, CLOCK_MONOTONIC, scenario names end <sender>_<waiter>)")
    return met, missed


def parse_args(args):
    opts = {"--native": [], "--jmh": [], "--java-tsv": [], "--wait": [], "--csv": [], "--java-limit": [], "--java-label": [],
            "--require-both": False}
    i = 0
    while i < len(args):
        if args[i] in ("-h", "--help"):
            print(__doc__.strip())
            sys.exit(0)
        elif args[i] == "--require-both":
            opts["--require-both"] = True
        elif args[i] in opts and i + 1 < len(args):
            opts[args[i]].append(args[i + 1])
            i += 1
        else:
            sys.exit(__doc__)
        i += 1
    return opts


def call_targets(scenario, floor_ns, cabi_ns, java_ns, java_limit):
    """[(text, met)] for a call-path row: the C ABI against the floor, Java against the C ABI."""
    results = []
    if floor_ns is not None and cabi_ns is not None:
        allowed = max(1.5 * floor_ns, floor_ns + 3.0)
        results.append(("C ABI %.1f <= %.1f" % (cabi_ns, allowed), cabi_ns <= allowed))
    if cabi_ns is not None and java_ns is not None and java_limit is not None:
        calls = 2 if "_queue_roundtrip" in scenario else 1
        added = java_ns - cabi_ns
        results.append(("Java +%.1f <= %.1f" % (added, calls * java_limit), added <= calls * java_limit))
    return results


def workload_target(floor_ns, core_ns):
    """(text, met) for a workload row: the core is not slower than the floor beyond noise."""
    if floor_ns is None or core_ns is None:
        return []
    ratio = core_ns / floor_ns
    return [("core/floor %.2f <= %.2f" % (ratio, WORKLOAD_NOISE), ratio <= WORKLOAD_NOISE)]


def target(kind, native_ns, java_ns, jni_ns):
    """(text, met) for the issue's targets."""
    if native_ns is None or java_ns is None:
        return "n/a", None
    if kind == "small":
        if jni_ns is None:
            return "n/a", None
        overhead = java_ns - native_ns
        return "+%.1f ns <= %.1f" % (overhead, 1.5 * jni_ns), overhead <= 1.5 * jni_ns
    if kind == "latency":
        return "%.2fx <= 1.5x" % (java_ns / native_ns), java_ns <= 1.5 * native_ns
    need = 0.95 if kind == "large" else 0.85
    ratio = native_ns / java_ns
    return "%.2f >= %.2f" % (ratio, need), ratio >= need


def main():
    opts = parse_args(sys.argv[1:])
    require_both = opts["--require-both"]
    csv_path = opts["--csv"][-1] if opts["--csv"] else None
    native_rounds, java_rounds, alloc_rounds = defaultdict(list), defaultdict(list), defaultdict(list)
    for path in opts["--native"]:
        read_native(path, native_rounds)
    # The floor and C ABI rows apart from the core's.
    other_rounds = {prefix: defaultdict(list) for prefix in IMPLEMENTATIONS}
    for name in [n for n in native_rounds if n.startswith(IMPLEMENTATIONS)]:
        prefix, scenario = name.split(":", 1)
        other_rounds[prefix + ":"][scenario] = native_rounds.pop(name)
    floor = {k: statistics.median(v) for k, v in other_rounds["floor:"].items()}
    cabi = {k: statistics.median(v) for k, v in other_rounds["cabi:"].items()}
    java_limit = float(opts["--java-limit"][-1]) if opts["--java-limit"] else None
    java_label = opts["--java-label"][-1] if opts["--java-label"] else "Java"
    for path in opts["--jmh"]:
        read_java(path, java_rounds, alloc_rounds)
    for path in opts["--java-tsv"]:
        read_native(path, java_rounds)  # the same "scenario TAB ns" format
    native = {k: statistics.median(v) for k, v in native_rounds.items()}
    java = {k: statistics.median(v) for k, v in java_rounds.items()}
    alloc = {k: statistics.median(v) for k, v in alloc_rounds.items()}
    jni = java.get("jni_empty_call")
    rows = []
    for scenario in sorted(java, key=lambda s: (kind_of(s), s)):
        if scenario in FIXED or scenario.startswith(("diag_", REFERENCE)):
            continue
        kind = kind_of(scenario)
        rows.append((scenario, kind, native.get(native_name_of(scenario)), java[scenario], jni, alloc.get(scenario)))
    for scenario in sorted(set(native) - {r[0] for r in rows} - set(NATIVE_PEER.values())):
        if not scenario.startswith("pingpong_native_native"):
            rows.append((scenario, kind_of(scenario), native[scenario], None, jni, None))

    def fmt(v, spec="%.1f"):
        return "-" if v is None else spec % v

    header = ("scenario", "kind", "floor ns/op", "core ns/op", "C ABI ns/op", java_label + " ns/op", "empty JNI ns",
              "Java/core thrpt", "B/op (gc)", "target")
    lines = []
    met = missed = 0
    for scenario, kind, n, j, c, a in rows:
        ratio = None if (n is None or j is None) else n / j
        f, ca = floor.get(scenario), cabi.get(scenario)
        if kind == "call":
            checks = call_targets(scenario, f, ca, j, java_limit)
        elif kind == "workload":
            checks = workload_target(f, n)
        else:
            checks = [target(kind, n, j, c)]
        if scenario.endswith("_p99"):
            checks = [("(p99, reported)", None)]
        met += sum(1 for _, ok in checks if ok is True)
        missed += sum(1 for _, ok in checks if ok is False)
        text = "; ".join(t + ("" if ok is None else (" met" if ok else " MISSED")) for t, ok in checks) or "n/a"
        lines.append((scenario, kind, fmt(f), fmt(n), fmt(ca), fmt(j), fmt(c), fmt(ratio, "%.2f"), fmt(a, "%.2f"), text))
    if lines or not opts["--wait"]:  # a run of waiting rows alone prints their table only
        print_table(header, lines)
    fixed = ", ".join("%s %.1f ns" % (f, java[f]) for f in FIXED if f in java)
    if fixed:
        print("\nfixed costs (same run): " + fixed)
    references = ", ".join("%s %.1f ns" % (r, java[r]) for r in sorted(java) if r.startswith(REFERENCE))
    if references:
        print("JDK references (same run, no library call; not in the CSV): " + references)
    probes = sorted(s for s in java if s.startswith("diag_"))
    if probes:
        print("design probes (same run; not scenarios, not in the CSV):")
        for probe in probes:
            # diag_purejava_stream_write_16 is compared with stream_write_bytes_16,
            # diag_purejava_stream_read_16 with stream_read_bytebuffer_16,
            # diag_readbytes_via_direct_16 with stream_read_bytes_16.
            size = probe.rsplit("_", 1)[1]
            if "queue_batch" in probe:  # diag_queue_batch_roundtrip_64 vs queue_roundtrip_bytes_64
                peer = "queue_roundtrip_bytes_" + size
            elif "readbytes" in probe:
                peer = "stream_read_bytes_" + size
            elif "_write" in probe:
                peer = "stream_write_bytes_" + size
            else:
                peer = "stream_read_bytebuffer_" + size
            print("  %-34s %8.1f ns/op   vs %s: Java (JNI) %s ns, native %s ns" % (
                probe, java[probe], peer, fmt(java.get(peer)), fmt(native.get(peer))))
    paired = [(r[0], other_rounds["floor:"].get(r[0], []), native_rounds.get(native_name_of(r[0]), []),
               java_rounds.get(r[0], [])) for r in rows]
    paired = [p for p in paired if len(p[2]) > 1 or len(p[3]) > 1]
    if paired:
        print("paired rounds (ns/op, in the order measured; the table has the medians):")

        def listed(values):
            return " / ".join("%.1f" % v for v in values)
        for scenario, f, n, j in paired:
            print("  %-30s %snative %-26s Java %s" % (scenario, "floor %-26s " % listed(f) if f else "", listed(n), listed(j)))
    wait_rows = []
    for path in opts["--wait"]:
        read_wait(path, wait_rows)
    if wait_rows:
        wait_met, wait_missed = print_wait_table(wait_rows)
        met += wait_met
        missed += wait_missed
    print("targets: %d met, %d missed" % (met, missed))
    if csv_path:
        with open(csv_path, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["scenario", "kind", "native_ns_per_op", "java_ns_per_op", "jni_call_ns", "floor_ns_per_op",
                        "cabi_ns_per_op"])
            for scenario, kind, n, j, c, _ in rows:
                if scenario.endswith("_p99"):
                    continue  # the CSV's latency rows are the p50 ones
                w.writerow([scenario, kind] + ["" if v is None else "%.3f" % v
                                               for v in (n, j, c, floor.get(scenario), cabi.get(scenario))])
        print("CSV written to " + csv_path)
    one_sided = [r[0] for r in rows if r[2] is None or r[3] is None]
    if require_both and one_sided:
        print("scenarios measured on one side only: " + ", ".join(one_sided), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
