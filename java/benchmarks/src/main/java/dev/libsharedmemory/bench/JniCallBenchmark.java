package dev.libsharedmemory.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The fixed costs every library call pays, measured in the same run as the scenarios:
 * an empty JNI call ({@link BenchNative#nop()}), the same call inside the native close
 * guard ({@link BenchNative#guardedNop()}) and, on JDK 22+, an empty critical foreign downcall
 * ({@link ForeignNop}), all into the benchmark's own native library.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class JniCallBenchmark {
    private final java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(16);
    private final byte[] array = new byte[16];

    /** Loads the benchmark's native library before timing starts (its static initializer is not a call's cost). */
    @Setup
    public void loadNative() {
        BenchNative.nop();
    }

    /** One Java → native → Java transition that does nothing. */
    @Benchmark
    public void jni_empty_call() {
        BenchNative.nop();
    }

    /**
     * An empty JNI call that enters and leaves a native close guard (lsm::CallGuard): the floor
     * of every stream and queue call on the JNI route. Minus jni_empty_call: the guard's cost.
     */
    @Benchmark
    public void guarded_jni_empty_call() {
        BenchNative.guardedNop();
    }

    /**
     * One critical foreign downcall that does nothing, of the data calls' shape (JDK 22+; the
     * benchmark script leaves it out before): the crossing the JDK 22+ route pays per call.
     */
    @Benchmark
    public int ffm_empty_call() throws Throwable {
        if (ForeignNop.NOP == null) {
            throw new IllegalStateException("ffm_empty_call needs JDK 22 or newer");
        }
        return (int) ForeignNop.NOP.invokeExact(1L, 2, 3L, 4L);
    }

    /** A JNI call that asks for a direct buffer's address and capacity. */
    @Benchmark
    public long jni_direct_buffer_upcalls() {
        return BenchNative.directAddressAndCapacity(direct);
    }

    /** A JNI call that pins and unpins a 16-byte array (GetPrimitiveArrayCritical). */
    @Benchmark
    public int jni_critical_pin() {
        return BenchNative.pinArray(array);
    }

    /** A JNI call that copies a 16-byte array out with GetByteArrayRegion. */
    @Benchmark
    public void jni_array_region_16() {
        BenchNative.copyRegion(array, 16);
    }
}
