package dev.libsharedmemory;

import java.nio.ByteBuffer;

/** JNI entry points of jni/jni/jni_segment.cpp. Handles are native pointers; callers guard them. */
final class SegmentNative {
    static final int VIEW_UNMAP = 0;
    static final int VIEW_DETACH = 1;
    static final int VIEW_KEEP = 2;

    static {
        NativeLibrary.load();
    }

    private SegmentNative() {}

    static native long create(byte[] name, long size, boolean persistent, int mode);

    static native long open(byte[] name, long size, boolean persistent);

    static native long openExisting(byte[] name, boolean persistent);

    static native long size(long handle);

    static native long address(long handle);

    static native ByteBuffer buffer(long handle);

    /**
     * Copies {@code array[offset, offset + length)} to native memory at {@code address}
     * ({@code toSegment}) or from it into the array. Both ranges are checked by the caller.
     */
    static native void copy(long address, byte[] array, int offset, int length, boolean toSegment);

    static native boolean isStale(long handle);

    static native void destroy(long handle);

    static native boolean remove(byte[] name);

    /** Closes the segment (view: VIEW_*) and frees the handle; a non-persistent one removes its name. */
    static native void release(long handle, int view);

    static native void unmapView(long address, long size);
}
