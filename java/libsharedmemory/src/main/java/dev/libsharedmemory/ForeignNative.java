package dev.libsharedmemory;

/** JNI entry point of jni/jni/jni_foreign.cpp: where the C calls that {@link ForeignCalls} binds are. */
final class ForeignNative {
    static {
        NativeLibrary.load();
    }

    private ForeignNative() {}

    /**
     * The address of each downcall named (the native table's names, {@link Downcall}), in that
     * order. Throws InvalidArgumentException unless {@code names} lists every entry of the native
     * table exactly once.
     */
    static native long[] addresses(String[] names);

    /** lsm_c.h's result codes, in the order of {@link CallResult#mirrored()}. */
    static native long[] resultCodes();
}
