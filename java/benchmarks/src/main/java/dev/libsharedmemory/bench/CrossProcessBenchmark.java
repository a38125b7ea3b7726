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
 * </ul>
 * The ping-pong latency scenarios are timed by {@link PingPongLatency}, as the native side times them.
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
}
