package dev.libsharedmemory.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The waiting scenarios of scripts/bench.sh: what an idle waiter costs its thread, and how soon a
 * waiter returns after a sender in another process enqueues or writes. Not JMH: a scenario is
 * one 10 s wait, or a few hundred wake-ups 30 ms apart, timed by hand.
 *
 * <pre>WaitingBenchmark [--strategy NAME[,NAME...]] [--idle-seconds S] [--messages N] [--warmup N]
 *                  [--gap-ms N] [--filter REGEX]... [--list]</pre>
 * Every scenario runs once per strategy (default "default": the handle's own; sleep, backoff,
 * busySpin: {@code setWaitStrategy(WaitStrategy.NAME())}, when the library has it). Every
 * {@code --filter} must match a scenario's name. Prints, per scenario and strategy:
 * <pre>
 *   idle    TAB scenario TAB strategy TAB waiter CPU ns TAB wall ns
 *   wakeup  TAB scenario TAB strategy TAB p50 ns TAB p99 ns TAB max ns TAB samples
 * </pre>
 * Wake-up scenarios are named {@code wait_wakeup_<segment>_<call>_<sender>_<waiter>}; the
 * senders: java (a second JVM), native (lsm-bench on the core, {@code -Dlsm.bench.native}) and
 * floor (lsm-bench doing the wire steps alone, as a C++ library peer that wakes nobody). The
 * waiter is this JVM, but in the rows ending _native: lsm-bench waiting in the C ABI's
 * lsm_stream_reader_wait_new_data, when its lsm_c.h has it (else they are left out), with the
 * default strategy only, once.
 */
public final class WaitingBenchmark {
    /** A scenario: measures once with the strategy named and prints its line. */
    private interface Scenario {
        void run(String strategy, Options options) throws Throwable;
    }

    /** A scenario by name; one that is not {@code perStrategy} runs once, with the default strategy. */
    private record Named(String name, Scenario scenario, boolean perStrategy) {
        Named(String name, Scenario scenario) {
            this(name, scenario, true);
        }
    }

    private static final class Options {
        String strategies = WaitStrategies.DEFAULT;
        Duration idle = Duration.ofSeconds(10);
        int messages = 200;
        int warmup = 5;
        long gapMillis = 30;
        final List<Pattern> filters = new ArrayList<>();
        boolean list;
    }

    private WaitingBenchmark() {}

    public static void main(String[] args) throws Throwable {
        Options options = parse(args);
        List<Named> selected = new ArrayList<>();
        for (Named named : scenarios()) {
            if (options.filters.stream().allMatch(f -> f.matcher(named.name()).find())) {
                selected.add(named);
            }
        }
        if (options.list) {
            selected.forEach(named -> System.out.println(named.name()));
            return;
        }
        if (selected.isEmpty()) {
            return;
        }
        List<String> strategies = WaitStrategies.choose(options.strategies);
        for (Named named : selected) {
            for (String strategy : named.perStrategy() ? strategies : List.of(WaitStrategies.DEFAULT)) {
                System.err.println("[wait] " + named.name() + " (" + strategy + ")");
                named.scenario().run(strategy, options);
            }
        }
    }

    private static List<Named> scenarios() {
        List<Named> all = new ArrayList<>();
        all.add(new Named("wait_idle_queue_poll", (strategy, o) ->
                idle("wait_idle_queue_poll", strategy, IdleWaiter.queuePoll(strategy, o.idle))));
        all.add(new Named("wait_idle_stream_await", (strategy, o) ->
                idle("wait_idle_stream_await", strategy, IdleWaiter.streamAwait(strategy, o.idle))));
        all.add(new Named("wait_idle_stream_await_native", (strategy, o) -> {
            if (nativeWaiter("wait_idle_stream_await_native")) {
                idle("wait_idle_stream_await_native", strategy, IdleWaiter.nativeStreamAwait(o.idle));
            }
        }, false));
        for (WakeupLatency.Call call : WakeupLatency.Call.values()) {
            for (WakeupLatency.Sender sender : WakeupLatency.Sender.values()) {
                String name = "wait_wakeup_" + call.label + "_" + sender.label + "_java";
                all.add(new Named(name, (strategy, o) -> wakeup(name, call, sender, strategy, o)));
            }
        }
        String toNative = "wait_wakeup_stream_await_java_native";
        all.add(new Named(toNative, (strategy, o) -> {
            if (nativeWaiter(toNative)) {
                report(toNative, strategy, WakeupLatency.toNativeWaiter(o.warmup, o.messages, o.gapMillis));
            }
        }, false));
        return all;
    }

    /** True when the C ABI has a blocking wait, for a native waiter's row (which has no strategy but its own). */
    private static boolean nativeWaiter(String scenario) {
        if (!WakeupLatency.nativeWaiterAvailable()) {
            System.err.println("[wait] the C ABI of this lsm-bench has no blocking wait (lsm_stream_reader_wait_new_data): "
                    + scenario + " left out");
            return false;
        }
        return true;
    }

    private static void idle(String scenario, String strategy, IdleWaiter.Cost cost) {
        System.out.printf("idle\t%s\t%s\t%d\t%d%n", scenario, strategy, cost.cpuNanos(), cost.wallNanos());
        System.out.flush();
    }

    private static void wakeup(String scenario, WakeupLatency.Call call, WakeupLatency.Sender sender, String strategy,
            Options o) throws Throwable {
        if (!WakeupLatency.available(call)) {
            System.err.println("[wait] SharedMemoryQueue.take(ByteBuffer) is not in this build of libsharedmemory: "
                    + scenario + " left out");
            return;
        }
        report(scenario, strategy, WakeupLatency.measure(call, sender, strategy, o.warmup, o.messages, o.gapMillis));
    }

    private static void report(String scenario, String strategy, long[] sorted) {
        System.out.printf("wakeup\t%s\t%s\t%d\t%d\t%d\t%d%n", scenario, strategy, at(sorted, 0.50), at(sorted, 0.99),
                sorted[sorted.length - 1], sorted.length);
        System.out.flush();
    }

    /** The same percentile as the native harness and PingPongLatency: sorted[q * (n - 1)]. */
    private static long at(long[] sorted, double q) {
        return sorted[(int) (q * (sorted.length - 1))];
    }

    private static Options parse(String[] args) {
        Options o = new Options();
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--list")) {
                o.list = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--strategy" -> o.strategies = value;
                case "--idle-seconds" -> o.idle = Duration.ofNanos((long) (Double.parseDouble(value) * 1e9));
                case "--messages" -> o.messages = positive(option, value);
                case "--warmup" -> o.warmup = Math.max(0, Integer.parseInt(value));
                case "--gap-ms" -> o.gapMillis = positive(option, value);
                case "--filter" -> o.filters.add(Pattern.compile(value));
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return o;
    }

    private static int positive(String option, String value) {
        int n = Integer.parseInt(value);
        if (n <= 0) {
            throw new IllegalArgumentException(option + " must be positive, not " + value);
        }
        return n;
    }
}
