package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryWriteStream;
import java.util.Arrays;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lock contention on one stream: 1, 2, 4 or 8 threads write 64 B payloads to the same writer.
 * Throughput summed over the threads (scripts/bench.sh prints its inverse, ns per write).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class StreamWritersBenchmark {
    static final int MESSAGE = 64;

    private SharedMemoryWriteStream writer;

    @State(Scope.Thread)
    public static class Payload {
        final byte[] bytes = new byte[MESSAGE];

        @Setup
        public void fill() {
            Arrays.fill(bytes, (byte) 'x');
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        writer = new SharedMemoryWriteStream(Scenarios.uniqueName("writers"), 20 + MESSAGE, false);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        writer.close();
    }

    @Benchmark
    @Threads(1)
    public void stream_writers_1(Payload p) {
        writer.write(p.bytes);
    }

    @Benchmark
    @Threads(2)
    public void stream_writers_2(Payload p) {
        writer.write(p.bytes);
    }

    @Benchmark
    @Threads(4)
    public void stream_writers_4(Payload p) {
        writer.write(p.bytes);
    }

    @Benchmark
    @Threads(8)
    public void stream_writers_8(Payload p) {
        writer.write(p.bytes);
    }
}
