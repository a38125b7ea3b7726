package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryQueue;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
 * Producers and consumers on different threads of one process, 64 B messages through direct
 * ByteBuffers (allocation-free), queue capacity 1024. An operation is one message enqueued
 * (producer) or dequeued (consumer), waiting (Spin) while the queue is full or empty;
 * scripts/bench.sh takes the slower side's throughput, i.e. the messages handed over.
 * Scenarios: SPSC; producers 1/2/4/8 with one consumer; consumers 1/2/4/8 with one producer.
 * Native counterpart: jni/bench/queue_scenarios.cpp.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class QueueThreadsBenchmark {
    static final int MESSAGE = 64;
    static final int CAPACITY = 1024;

    @State(Scope.Group)
    public static class Shared {
        SharedMemoryQueue queue;

        @Setup(Level.Trial)
        public void setUp() {
            queue = new SharedMemoryQueue(Scenarios.uniqueName("qthreads"), CAPACITY, MESSAGE, false, true);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            queue.close();
        }
    }

    /** A thread's message and destination, on cache lines no other thread's buffers use. */
    @State(Scope.Thread)
    public static class Buffers {
        final ByteBuffer out = Scenarios.ownLinesBuffer(MESSAGE);
        final ByteBuffer in = Scenarios.ownLinesBuffer(MESSAGE);
    }

    static void produce(Shared q, Buffers b, Control control) {
        long since = 0;
        for (int round = 0; ; round++) {
            b.out.clear();
            if (q.queue.enqueue(b.out) || control.stopMeasurement) {
                return;
            }
            since = Spin.pause(round, since);
        }
    }

    static int consume(Shared q, Buffers b, Control control) {
        long since = 0;
        for (int round = 0; ; round++) {
            b.in.clear();
            int length = q.queue.dequeue(b.in);
            if (length >= 0 || control.stopMeasurement) {
                return length;
            }
            since = Spin.pause(round, since);
        }
    }

    @Benchmark
    @Group("queue_spsc_inprocess_64")
    @GroupThreads(1)
    public void spsc_inprocess_64_produce(Shared q, Buffers b, Control control) {
        produce(q, b, control);
    }

    @Benchmark
    @Group("queue_spsc_inprocess_64")
    @GroupThreads(1)
    public int spsc_inprocess_64_consume(Shared q, Buffers b, Control control) {
        return consume(q, b, control);
    }

    @Benchmark
    @Group("queue_producers_1")
    @GroupThreads(1)
    public void producers_1_produce(Shared q, Buffers b, Control control) {
        produce(q, b, control);
    }

    @Benchmark
    @Group("queue_producers_1")
    @GroupThreads(1)
    public int producers_1_consume(Shared q, Buffers b, Control control) {
        return consume(q, b, control);
    }

    @Benchmark
    @Group("queue_producers_2")
    @GroupThreads(2)
    public void producers_2_produce(Shared q, Buffers b, Control control) {
        produce(q, b, control);
    }

    @Benchmark
    @Group("queue_producers_2")
    @GroupThreads(1)
    public int producers_2_consume(Shared q, Buffers b, Control control) {
        return consume(q, b, control);
    }

    @Benchmark
    @Group("queue_producers_4")
    @GroupThreads(4)
    public void producers_4_produce(Shared q, Buffers b, Control control) {
        produce(q, b, control);
    }

    @Benchmark
    @Group("queue_producers_4")
    @GroupThreads(1)
    public int producers_4_consume(Shared q, Buffers b, Control control) {
        return consume(q, b, control);
    }

    @Benchmark
    @Group("queue_producers_8")
    @GroupThreads(8)
    public void producers_8_produce(Shared q, Buffers b, Control control) {
        produce(q, b, control);
    }

    @Benchmark
    @Group("queue_producers_8")
    @GroupThreads(1)
    public int producers_8_consume(Shared q, Buffers b, Control control) {
        return consume(q, b, control);
    }

    @Benchmark
    @Group("queue_consumers_1")
    @GroupThreads(1)
    public void consumers_1_produce(Shared q, Buffers b, Control control) {
        produce(q, b, control);
    }

    @Benchmark
    @Group("queue_consumers_1")
    @GroupThreads(1)
    public int consumers_1_consume(Shared q, Buffers b, Control control) {
        return consume(q, b, control);
    }

    @Benchmark
    @Group("queue_consumers_2")
    @GroupThreads(1)
    public void consumers_2_produce(Shared q, Buffers b, Control control) {
        produce(q, b, control);
    }

    @Benchmark
    @Group("queue_consumers_2")
    @GroupThreads(2)
    public int consumers_2_consume(Shared q, Buffers b, Control control) {
        return consume(q, b, control);
    }

    @Benchmark
    @Group("queue_consumers_4")
    @GroupThreads(1)
    public void consumers_4_produce(Shared q, Buffers b, Control control) {
        produce(q, b, control);
    }

    @Benchmark
    @Group("queue_consumers_4")
    @GroupThreads(4)
    public int consumers_4_consume(Shared q, Buffers b, Control control) {
        return consume(q, b, control);
    }

    @Benchmark
    @Group("queue_consumers_8")
    @GroupThreads(1)
    public void consumers_8_produce(Shared q, Buffers b, Control control) {
        produce(q, b, control);
    }

    @Benchmark
    @Group("queue_consumers_8")
    @GroupThreads(8)
    public int consumers_8_consume(Shared q, Buffers b, Control control) {
        return consume(q, b, control);
    }
}
