package dev.libsharedmemory;

/** JNI entry point of jni/jni/jni_foreign.cpp: where the C calls that {@link ForeignCalls} binds are. */
final class ForeignNative {
    static {
        NativeLibrary.load();
    }

    private ForeignNative() {}

    /**
     * The addresses of lsm_stream_writer_try_write, lsm_stream_reader_try_read,
     * lsm_queue_try_enqueue and lsm_queue_try_take (lsm_c.h), in that order.
     */
    static native long[] addresses();

    /** lsm_c.h's result codes, in the order of {@link CallResult#mirrored()}. */
    static native long[] resultCodes();
}
