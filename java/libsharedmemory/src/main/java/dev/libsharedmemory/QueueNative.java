package dev.libsharedmemory;

import java.nio.ByteBuffer;

/** JNI entry points of jni/jni/jni_queue.cpp. Handles are native pointers; callers guard them. */
final class QueueNative {
    static {
        NativeLibrary.load();
    }

    private QueueNative() {}

    static native long create(byte[] name, long capacity, long maxMessageSize, boolean persistent, int mode);

    static native long open(byte[] name, long capacity, long maxMessageSize, boolean persistent);

    static native long openExisting(byte[] name, boolean persistent);

    static native long capacity(long handle);

    static native long maxMessageSize(long handle);

    /** True when enqueued, false when full. */
    static native boolean enqueueArray(long handle, byte[] array, int offset, int length);

    static native boolean enqueueDirect(long handle, ByteBuffer buffer, int position, int length);

    /** The head message (removed if {@code remove}), or null when empty. */
    static native byte[] take(long handle, boolean remove);

    /** Copies the head message to array[offset..]: its length, or -1 when empty; throws if it exceeds room. */
    static native int takeArray(long handle, boolean remove, byte[] array, int offset, int room);

    static native int takeDirect(long handle, boolean remove, ByteBuffer buffer, int position, int room);

    static native long size(long handle);

    static native void setLockTimeout(long handle, long nanos);

    static native void destroy(long handle);

    /** Unmaps and frees the handle; a non-persistent queue removes its name. */
    static native void release(long handle);
}
