package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemory;
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
 * Raw segments: a bulk copy into and out of {@link SharedMemory#buffer()}, the zero-copy path
 * (no JNI call per operation, the JDK's copy loop), and the same copy through
 * {@link SharedMemory#write(long, byte[])} / {@link SharedMemory#read(long, byte[])} (one
 * memcpy behind the close guard). Native counterpart: segment_scenarios.cpp (memcpy).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class SegmentBenchmark {
    @Param({"16", "1024", "65536"})
    int size;

    private SharedMemory segment;
    private ByteBuffer buffer;
    private byte[] message;
    private byte[] into;

    @Setup(Level.Trial)
    public void setUp() {
        segment = SharedMemory.create(Scenarios.uniqueName("seg"), size, false);
        buffer = segment.buffer();
        message = new byte[size];
        Arrays.fill(message, (byte) 'x');
        into = new byte[size];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        segment.close();
    }

    @Benchmark
    public void segment_write_bytes() {
        buffer.put(0, message);
    }

    @Benchmark
    public byte[] segment_read_bytes() {
        buffer.get(0, into);
        return into;
    }

    @Benchmark
    public void segment_copy_in() {
        segment.write(0, message);
    }

    @Benchmark
    public byte[] segment_copy_out() {
        segment.read(0, into);
        return into;
    }
}
