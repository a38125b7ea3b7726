package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryQueue;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * Two processes, 64 B messages through direct ByteBuffers.
 * <ul>
 *   <li>queue_spsc_crossprocess_64: this JVM enqueues, a second JVM ({@link BenchPeer}) drains;
 *       throughput of the producer, which the bounded queue ties to the consumer's.</li>
 *   <li>pingpong_java_java / pingpong_java_native: a message to the peer on one queue and back on
 *       another; JMH samples the round trip and scripts/bench.sh halves it into a one-way p50 and
 *       p99. The peer is a second JVM or lsm-bench (native).</li>
 * </ul>
 * Native counterpart (both processes native): jni/bench/crossprocess_scenarios.cpp.
 */
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CrossProcessBenchmark {
    static final int MESSAGE = 64;

    @State(Scope.Thread)
    public static class Drained {
        SharedMemoryQueue queue;
        Peer peer;
        final ByteBuffer out = ByteBuffer.allocateDirect(MESSAGE);

        @Setup(Level.Trial)
        public void setUp() {
            String name = Scenarios.uniqueName("xdrain");
            queue = new SharedMemoryQueue(name, 1024, MESSAGE, false, true);
            peer = Peer.jvm("queue-drain", name);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            peer.stop(queue);
            queue.close();
        }
    }

    public abstract static class PingPong {
        SharedMemoryQueue ping;
        SharedMemoryQueue pong;
        Peer peer;
        final ByteBuffer out = ByteBuffer.allocateDirect(MESSAGE);
        final ByteBuffer in = ByteBuffer.allocateDirect(MESSAGE);

        void open(boolean nativePeer) {
            String pingName = Scenarios.uniqueName("ping");
            String pongName = Scenarios.uniqueName("pong");
            ping = new SharedMemoryQueue(pingName, 16, MESSAGE, false, true);
            pong = new SharedMemoryQueue(pongName, 16, MESSAGE, false, true);
            peer = nativePeer ? Peer.nativePeer("queue-echo", pingName, pongName)
                    : Peer.jvm("queue-echo", pingName, pongName);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            peer.stop(ping);
            ping.close();
            pong.close();
        }

        int roundTrip() {
            out.clear();
            long sendSince = 0;
            for (int round = 0; !ping.enqueue(out); round++) {
                sendSince = Spin.pause(round, sendSince);
            }
            long receiveSince = 0;
            for (int round = 0; ; round++) {
                in.clear();
                int length = pong.dequeue(in);
                if (length >= 0) {
                    return length;
                }
                receiveSince = Spin.pause(round, receiveSince);
            }
        }
    }

    @State(Scope.Thread)
    public static class JavaPeer extends PingPong {
        @Setup(Level.Trial)
        public void setUp() {
            open(false);
        }
    }

    @State(Scope.Thread)
    public static class NativePeer extends PingPong {
        @Setup(Level.Trial)
        public void setUp() {
            open(true);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public void queue_spsc_crossprocess_64(Drained d, Control control) {
        long since = 0;
        for (int round = 0; ; round++) {
            d.out.clear();
            if (d.queue.enqueue(d.out) || control.stopMeasurement) {
                return;
            }
            since = Spin.pause(round, since);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int pingpong_java_java(JavaPeer p) {
        return p.roundTrip();
    }

    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.NANOSECONDS)
    public int pingpong_java_native(NativePeer p) {
        return p.roundTrip();
    }
}
