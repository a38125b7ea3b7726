package dev.libsharedmemory;

import java.util.Objects;

/**
 * SharedMemory's bulk copies by route: one memcpy by critical foreign downcall with the array in
 * place when bound, JNI through this thread's staging buffer when small, JNI with the array
 * otherwise (and whenever the downcall declines: closed, outside the segment, shrunk). The
 * (array, offset, length) is checked here as it is passed on.
 */
final class SegmentCalls {
    private SegmentCalls() {}

    /** Copies {@code length} bytes between {@code array[arrayOffset...]} and the segment at {@code offset}. */
    static void copy(long copier, long offset, byte[] array, int arrayOffset, int length, boolean toSegment) {
        Objects.checkFromIndexSize(arrayOffset, length, array.length);
        if (ForeignCalls.ENABLED && length <= ForeignCalls.MAX_CRITICAL_BYTES) { // one memcpy, array in place
            if (toSegment ? ForeignCalls.copyIn(copier, offset, array, arrayOffset, length)
                    : ForeignCalls.copyOut(copier, offset, array, arrayOffset, length)) {
                return;
            }
        } else if (length <= Staging.CAPACITY) { // JNI, small: through this thread's staging buffer
            Staging staging = Staging.current();
            if (toSegment) {
                staging.bytes.put(0, array, arrayOffset, length);
                SegmentNative.copyAddress(copier, offset, staging.native_.address, length, true);
            } else {
                SegmentNative.copyAddress(copier, offset, staging.native_.address, length, false);
                staging.bytes.get(0, array, arrayOffset, length);
            }
            return;
        }
        SegmentNative.copy(copier, offset, array, arrayOffset, length, toSegment);
    }
}
