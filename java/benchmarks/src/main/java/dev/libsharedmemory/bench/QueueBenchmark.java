package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryQueue;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One thread enqueues a 64 B message and dequeues it again: the cost of the two calls without
 * any hand-off between threads. Native counterpart: jni/bench/queue_scenarios.cpp.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// A fixed, pre-touched heap: allocating benchmarks otherwise time the page faults of a
// growing heap (several us per KiB on this kind of VM), not the steady state.
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class QueueBenchmark {
    @Param({"64"})
    int size;

    private SharedMemoryQueue queue;
    private byte[] bytes;
    private ByteBuffer out;
    private ByteBuffer in;

    @Setup(Level.Trial)
    public void setUp() {
        queue = new SharedMemoryQueue(Scenarios.uniqueName("queue"), 1024, size, false, true);
        bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        out = ByteBuffer.allocateDirect(size);
        out.put(bytes).clear();
        in = ByteBuffer.allocateDirect(size);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        queue.close();
    }

    /** enqueue(byte[]) + dequeue() returning a new byte[]. */
    @Benchmark
    public byte[] queue_roundtrip_bytes() {
        queue.enqueue(bytes);
        return queue.dequeue();
    }

    /** enqueue(ByteBuffer) + dequeue(ByteBuffer), direct buffers: allocation-free. */
    @Benchmark
    public int queue_roundtrip_bytebuffer() {
        out.clear();
        queue.enqueue(out);
        in.clear();
        return queue.dequeue(in);
    }
}
