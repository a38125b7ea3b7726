package dev.libsharedmemory.bench;

/**
 * Measuring aids of the benchmarks, not of the library: the cheapest possible native call, so
 * that the benchmark table can report what one JNI transition costs on the machine it runs on,
 * next to the cost of the library's real calls, and what each JNI upcall of the data paths adds
 * to it. Their native half is the benchmark's own library (jni/bench/jni/bench_native.cpp,
 * built as lsmbenchjni), loaded from {@code -Dlsm.bench.jni=<path>} (scripts/bench.sh sets it):
 * the shipped liblsmjava carries no benchmark code.
 */
final class BenchNative {
    static final String LIBRARY_PROPERTY = "lsm.bench.jni";

    static {
        String path = System.getProperty(LIBRARY_PROPERTY);
        if (path == null || path.isEmpty()) {
            throw new IllegalStateException("-D" + LIBRARY_PROPERTY + "=<path to the lsmbenchjni library> is not set"
                    + " (scripts/bench.sh sets it; the library is built under target/cmake/jni/bench/)");
        }
        System.load(path);
    }

    private BenchNative() {}

    /** Does nothing in native code: the cost of a bare JNI call and return. */
    static native void nop();

    /** The address of a C function (long, int, long, long) -> int that does nothing ({@link ForeignNop}). */
    static native long nopCallAddress();

    /** Enters and leaves a native close guard (lsm::CallGuard), nothing else: what every handle call adds. */
    static native void guardedNop();

    /** GetDirectBufferAddress + GetDirectBufferCapacity of {@code buffer}, the upcalls of a direct-buffer copy. */
    static native long directAddressAndCapacity(java.nio.ByteBuffer buffer);

    /** GetArrayLength + Get/ReleasePrimitiveArrayCritical of {@code array}, the upcalls of an array write. */
    static native int pinArray(byte[] array);

    /** One GetByteArrayRegion of {@code length} bytes (at most 65536) into a static native buffer. */
    static native void copyRegion(byte[] array, int length);
}
