package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryQueue;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * A design probe, not a scenario (no native counterpart): the batch calls. One op = one 64-byte
 * message enqueued and dequeued, as in queue_roundtrip_bytes_64, but {@value #BATCH} at a time
 * through enqueueAll + drainTo(Consumer<ByteBuffer>): one crossing and one guard per batch.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class QueueBatchProbe {
    static final int BATCH = 32;

    @Param({"64"})
    int size;

    private SharedMemoryQueue queue;
    private List<byte[]> messages;
    private Consumer<ByteBuffer> sink;
    private long seen;

    @Setup(Level.Trial)
    public void setUp() {
        queue = new SharedMemoryQueue(Scenarios.uniqueName("batch"), 256, size, false, true);
        messages = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
            messages.add(new byte[size]);
        }
        sink = message -> seen += message.remaining();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        queue.close();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void diag_queue_batch_roundtrip(Blackhole hole) {
        queue.enqueueAll(messages);
        hole.consume(queue.drainTo(sink, BATCH));
        hole.consume(seen);
    }
}
