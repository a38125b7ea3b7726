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

    static native long openOrCreate(byte[] name, long size, boolean persistent, int mode);

    /** Whether the handle's segment was created by it (create, or openOrCreate that found none). */
    static native boolean created(long handle);

    static native long size(long handle);

    static native long address(long handle);

    static native ByteBuffer buffer(long handle);

    /** The guard of a segment's bulk copies (jni/jni/segment_copier.hpp); freed with {@link #freeCopier}. */
    static native long newCopier(long handle);

    /** Waits for copies in flight; later ones throw SegmentClosedException. */
    static native void closeCopier(long copier);

    static native void freeCopier(long copier);

    /**
     * Copies {@code array[arrayOffset, arrayOffset + length)} (checked by the caller) into the
     * segment at {@code offset} ({@code toSegment}) or from it into the array.
     */
    static native void copy(long copier, long offset, byte[] array, int arrayOffset, int length, boolean toSegment);

    /** As {@link #copy}, between the segment and native memory at {@code address} (a staging buffer). */
    static native void copyAddress(long copier, long offset, long address, int length, boolean toSegment);

    static native boolean isStale(long handle);

    static native void destroy(long handle);

    static native boolean remove(byte[] name);

    /** Closes the segment (view: VIEW_*) and frees the handle; a non-persistent one removes its name. */
    static native void release(long handle, int view);

    static native void unmapView(long address, long size);
}
