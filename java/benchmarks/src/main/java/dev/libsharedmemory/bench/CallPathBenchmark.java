package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryQueue;
import dev.libsharedmemory.SharedMemoryReadStream;
import dev.libsharedmemory.SharedMemoryWriteStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
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
 * The small operations of one thread, uncontended, through the public API: what one call
 * costs on top of the C ABI it reaches and of the wire format's own steps. Native counterpart,
 * with the floor and C ABI rows: jni/bench/call_scenarios.cpp (same names). Allocation-free:
 * payloads and buffers are built in setup; an enqueue + dequeue is two calls.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class CallPathBenchmark {
    static final int QUEUE_CAPACITY = 1024;
    static final int QUEUE_MESSAGE_SIZE = 64;

    @Param({"10", "64"})
    int size;

    private SharedMemoryWriteStream writer;
    private SharedMemoryReadStream reader;
    private SharedMemoryQueue queue;
    private String text;
    private byte[] bytes;
    private ByteBuffer into;
    private ByteBuffer message;
    private ByteBuffer received;
    private char[] chars;

    @Setup(Level.Trial)
    public void setUp() {
        String name = Scenarios.uniqueName("call");
        writer = new SharedMemoryWriteStream(name, 20 + size, false);
        reader = new SharedMemoryReadStream(name, 20 + size, true);
        queue = new SharedMemoryQueue(Scenarios.uniqueName("callq"), QUEUE_CAPACITY, QUEUE_MESSAGE_SIZE, false, true);
        bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        text = "x".repeat(size);
        chars = new char[size];
        into = ByteBuffer.allocateDirect(size);
        message = ByteBuffer.allocateDirect(size);
        message.put(bytes).clear();
        received = ByteBuffer.allocateDirect(QUEUE_MESSAGE_SIZE);
        writer.write(bytes); // so that reads have a full payload
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        queue.close();
        reader.close();
        writer.close();
    }

    @Benchmark
    public void call_stream_write_string() {
        writer.write(text);
    }

    /**
     * Reference, no call: the JDK's own UTF-8 encode of the text ({@code String.getBytes}, which
     * allocates): what a string write necessarily adds to a byte[] write, however it encodes.
     */
    @Benchmark
    public byte[] jdk_string_utf8() {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Reference, no call: only copying the text's chars out of the String, which every non-allocating encode starts with. */
    @Benchmark
    public char[] jdk_string_chars() {
        text.getChars(0, size, chars, 0);
        return chars;
    }

    @Benchmark
    public void call_stream_write_bytes() {
        writer.write(bytes);
    }

    @Benchmark
    public int call_stream_read_buffer() {
        into.clear();
        return reader.read(into);
    }

    @Benchmark
    public int call_queue_roundtrip() {
        message.clear();
        queue.enqueue(message);
        received.clear();
        return queue.dequeue(received);
    }
}
