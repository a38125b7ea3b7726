package dev.libsharedmemory;

/** JNI entry points of jni/jni/jni_wait.cpp: what the platform offers for sleeping waits. */
final class WaitNative {
    static {
        NativeLibrary.load();
    }

    /** True when waits can sleep until a peer in another process wakes them (Linux futex, Windows semaphores). */
    static final boolean SUPPORTED = addressWaitsSupported();

    private WaitNative() {}

    private static native boolean addressWaitsSupported();
}
