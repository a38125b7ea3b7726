package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryQueue;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * The latency scenarios, timed exactly as the native benchmark times pingpong_native_native
 * (jni/bench/crossprocess_scenarios.cpp): a 64 B message to the peer on one queue and back on
 * another, each round trip timed with System.nanoTime and halved, after a warm-up of the same
 * length; prints "scenario_p50/_p99 TAB one-way ns" lines as lsm-bench does. Not JMH: its
 * SampleTime mode reported a p50 four times below what every round trip takes (716 ns one way,
 * timed by hand in Java and in C++ alike), so the two sides were not measured alike.
 *
 * <pre>PingPongLatency [--warmup-ms N] [--samples N] [--filter REGEX]</pre>
 * Peers: pingpong_java_java a second JVM (BenchPeer), pingpong_java_native lsm-bench
 * (-Dlsm.bench.native).
 */
public final class PingPongLatency {
    private static final int MESSAGE = 64;

    private PingPongLatency() {}

    public static void main(String[] args) {
        long warmupMillis = 3000;
        int samples = 200_000;
        Pattern filter = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup-ms": warmupMillis = Long.parseLong(args[++i]); break;
                case "--samples": samples = Integer.parseInt(args[++i]); break;
                case "--filter": filter = Pattern.compile(args[++i]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        for (String scenario : new String[] {"pingpong_java_java", "pingpong_java_native"}) {
            if (filter == null || filter.matcher(scenario).find()) {
                run(scenario, scenario.endsWith("native"), warmupMillis, samples);
            }
        }
    }

    private static void run(String scenario, boolean nativePeer, long warmupMillis, int samples) {
        String pingName = Scenarios.uniqueName("ping");
        String pongName = Scenarios.uniqueName("pong");
        try (SharedMemoryQueue ping = new SharedMemoryQueue(pingName, 16, MESSAGE, false, true);
                SharedMemoryQueue pong = new SharedMemoryQueue(pongName, 16, MESSAGE, false, true)) {
            Peer peer = nativePeer ? Peer.nativePeer("queue-echo", pingName, pongName)
                    : Peer.jvm("queue-echo", pingName, pongName);
            try {
                ByteBuffer out = ByteBuffer.allocateDirect(MESSAGE);
                ByteBuffer in = ByteBuffer.allocateDirect(MESSAGE);
                long warmUntil = System.nanoTime() + warmupMillis * 1_000_000L;
                while (System.nanoTime() < warmUntil) {
                    roundTrip(ping, pong, out, in);
                }
                double[] oneWay = new double[samples];
                for (int i = 0; i < samples; i++) {
                    long start = System.nanoTime();
                    roundTrip(ping, pong, out, in);
                    oneWay[i] = (System.nanoTime() - start) / 2.0;
                }
                Arrays.sort(oneWay);
                System.out.printf("%s_p50\t%.3f%n", scenario, at(oneWay, 0.50));
                System.out.printf("%s_p99\t%.3f%n", scenario, at(oneWay, 0.99));
            } finally {
                peer.stop(ping);
            }
        }
    }

    /** The same percentile as the native harness: sorted[q * (n - 1)]. */
    private static double at(double[] sorted, double q) {
        return sorted[(int) (q * (sorted.length - 1))];
    }

    private static void roundTrip(SharedMemoryQueue ping, SharedMemoryQueue pong, ByteBuffer out, ByteBuffer in) {
        out.clear();
        long since = 0;
        for (int round = 0; !ping.enqueue(out); round++) {
            since = Spin.pause(round, since);
        }
        since = 0;
        for (int round = 0; ; round++) {
            in.clear();
            if (pong.dequeue(in) >= 0) {
                return;
            }
            since = Spin.pause(round, since);
        }
    }
}
