package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryReadStream;
import dev.libsharedmemory.SharedMemoryWriteStream;
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
 * One stream write or read of a 16 B, 1 KiB or 64 KiB payload, per payload kind, through the
 * public API with all its checks (close guard, bounds, lock). Payloads are built in setup.
 * Native counterpart: jni/bench/stream_scenarios.cpp (same names).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// A fixed, pre-touched heap: allocating benchmarks otherwise time the page faults of a
// growing heap (several us per KiB on this kind of VM), not the steady state.
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class StreamBenchmark {
    @Param({"16", "1024", "65536"})
    int size;

    private SharedMemoryWriteStream writer;
    private SharedMemoryReadStream reader;
    private String text;
    private byte[] bytes;
    private ByteBuffer direct;
    private ByteBuffer directInto;
    private float[] floats;

    @Setup(Level.Trial)
    public void setUp() {
        String name = Scenarios.uniqueName("stream");
        writer = new SharedMemoryWriteStream(name, 20 + size, false);
        reader = new SharedMemoryReadStream(name, 20 + size, true);
        char[] chars = new char[size];
        Arrays.fill(chars, 'x');
        text = new String(chars);
        bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        direct = ByteBuffer.allocateDirect(size);
        direct.put(bytes).clear();
        directInto = ByteBuffer.allocateDirect(size);
        floats = new float[size / Float.BYTES];
        Arrays.fill(floats, 1.5f);
        writer.write(bytes); // so that reads have a full payload
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        reader.close();
        writer.close();
    }

    @Benchmark
    public void stream_write_string() {
        writer.write(text);
    }

    @Benchmark
    public void stream_write_bytes() {
        writer.write(bytes);
    }

    @Benchmark
    public void stream_write_bytebuffer() {
        direct.clear();
        writer.write(direct);
    }

    @Benchmark
    public void stream_write_floats() {
        writer.write(floats);
    }

    @Benchmark
    public String stream_read_string() {
        return reader.readString();
    }

    @Benchmark
    public byte[] stream_read_bytes() {
        return reader.readBytes();
    }

    @Benchmark
    public int stream_read_bytebuffer() {
        directInto.clear();
        return reader.read(directInto);
    }

    @Benchmark
    public float[] stream_read_floats() {
        return reader.readFloatArray();
    }
}
