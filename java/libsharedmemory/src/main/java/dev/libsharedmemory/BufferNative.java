package dev.libsharedmemory;

import java.nio.ByteBuffer;

/** JNI entry point of jni/jni/jni_buffer.cpp. */
final class BufferNative {
    static {
        NativeLibrary.load();
    }

    private BufferNative() {}

    /** The base address of a direct buffer, 0 for any other buffer. */
    static native long address(ByteBuffer buffer);
}
