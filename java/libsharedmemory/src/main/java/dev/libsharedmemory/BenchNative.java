package dev.libsharedmemory;

/**
 * A measuring aid, not part of the API: the cheapest possible native call, so that benchmarks
 * can report what one JNI transition costs on the machine they run on, next to the cost of the
 * library's real calls, and what each JNI upcall of the data paths adds to it (jni/jni/jni_bench.cpp).
 * Used by the benchmarks module ({@code java/benchmarks}) only.
 */
final class BenchNative {
    static {
        NativeLibrary.load();
    }

    private BenchNative() {}

    /** Does nothing in native code (jni/jni/jni_bench.cpp): the cost of a bare JNI call and return. */
    static native void nop();

    /** Enters and leaves a native close guard (lsm::CallGuard), nothing else: what every handle call adds. */
    static native void guardedNop();

    /** GetDirectBufferAddress + GetDirectBufferCapacity of {@code buffer}, the upcalls of a direct-buffer copy. */
    static native long directAddressAndCapacity(java.nio.ByteBuffer buffer);

    /** GetArrayLength + Get/ReleasePrimitiveArrayCritical of {@code array}, the upcalls of an array write. */
    static native int pinArray(byte[] array);

    /** One GetByteArrayRegion of {@code length} bytes (at most 65536) into a static native buffer. */
    static native void copyRegion(byte[] array, int length);
}
