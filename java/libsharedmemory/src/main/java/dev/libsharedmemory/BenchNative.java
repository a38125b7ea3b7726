package dev.libsharedmemory;

/**
 * A measuring aid, not part of the API: the cheapest possible native call, so that benchmarks
 * can report what one JNI transition costs on the machine they run on, next to the cost of the
 * library's real calls. Used by the benchmarks module ({@code java/benchmarks}) only.
 */
final class BenchNative {
    static {
        NativeLibrary.load();
    }

    private BenchNative() {}

    /** Does nothing in native code (jni/jni/jni_bench.cpp): the cost of a bare JNI call and return. */
    static native void nop();
}
