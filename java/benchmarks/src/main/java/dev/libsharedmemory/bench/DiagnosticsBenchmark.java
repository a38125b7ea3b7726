package dev.libsharedmemory.bench;

import dev.libsharedmemory.CorruptSegmentException;
import dev.libsharedmemory.SharedMemory;
import dev.libsharedmemory.SharedMemoryReadStream;
import dev.libsharedmemory.SharedMemoryWriteStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
 * Design probes, not scenarios (scripts/bench.sh lists them apart): what a stream write and read
 * would cost if the protocol of WIRE.md §2 ran in Java over the mapped ByteBuffer (VarHandle CAS
 * on the lock word, bulk put/get, atomic revision), without any JNI call and without the
 * library's close guard (which is internal; it costs about one fence per call).
 * Compare with stream_write_bytes_N / stream_read_bytebuffer_N of the same run. The probe omits
 * what the real path also does (close guard, lock timeout, dead-holder recovery), so it is a
 * lower bound.
 *
 * <p>{@code diag_readbytes_via_direct}: readBytes() done as a read into a reusable direct buffer
 * (one JNI call, no JNI allocation) and a Java {@code new byte[n]} filled from it, against
 * stream_read_bytes_N (JNI NewByteArray + SetByteArrayRegion from a native staging buffer).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// A fixed, pre-touched heap: allocating benchmarks otherwise time the page faults of a
// growing heap (several us per KiB on this kind of VM), not the steady state.
@Fork(value = 1, jvmArgsAppend = {"-Xms256m", "-Xmx256m", "-XX:+AlwaysPreTouch"})
@State(Scope.Thread)
public class DiagnosticsBenchmark {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final int FLAGS = 0;
    private static final int REVISION = 4;
    private static final int SIZE = 12;
    private static final int LOCK = 16;
    private static final int DATA = 20;

    @Param({"16", "1024"})
    int size;

    private SharedMemory segment;
    private ByteBuffer mapped;
    private byte[] bytes;
    private ByteBuffer into;
    private SharedMemoryWriteStream writer;
    private SharedMemoryReadStream reader;
    private ByteBuffer staging;

    @Setup(Level.Trial)
    public void setUp() {
        segment = SharedMemory.create("lsmbench_probe_" + ProcessHandle.current().pid(), DATA + size, false);
        mapped = segment.buffer();
        bytes = new byte[size];
        Arrays.fill(bytes, (byte) 'x');
        into = ByteBuffer.allocateDirect(size);
        diag_purejava_stream_write();
        String streamName = "lsmbench_probe_stream_" + ProcessHandle.current().pid();
        writer = new SharedMemoryWriteStream(streamName, DATA + size, false);
        reader = new SharedMemoryReadStream(streamName, DATA + size, true);
        writer.write(bytes);
        staging = ByteBuffer.allocateDirect(size);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        reader.close();
        writer.close();
        segment.close();
    }

    private void lock() {
        while (!INT.compareAndSet(mapped, LOCK, 0, 0x8000_0000 | 1)) {
            Thread.onSpinWait();
        }
    }

    private void unlock() {
        INT.setRelease(mapped, LOCK, 0);
    }

    @Benchmark
    public void diag_purejava_stream_write() {
        lock();
        try {
            int change = (mapped.get(FLAGS) & 1) ^ 1;
            mapped.put(FLAGS, (byte) (2 | change));
            INT.set(mapped, SIZE, bytes.length);
            mapped.put(DATA, bytes);
            INT.getAndAdd(mapped, REVISION, 1);
        } finally {
            unlock();
        }
    }

    @Benchmark
    public int diag_purejava_stream_read() {
        lock();
        try {
            int length = (int) INT.get(mapped, SIZE);
            if (length < 0 || length > mapped.capacity() - DATA || length > into.capacity()) {
                throw new CorruptSegmentException("size " + length + " does not fit");
            }
            into.clear();
            into.put(0, mapped, DATA, length);
            return length;
        } finally {
            unlock();
        }
    }

    @Benchmark
    public byte[] diag_readbytes_via_direct() {
        staging.clear();
        int n = reader.read(staging);
        byte[] copy = new byte[n];
        staging.get(0, copy);
        return copy;
    }
}
