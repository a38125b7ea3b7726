package dev.libsharedmemory;

import java.nio.ByteBuffer;

/**
 * Owns a native segment handle and decides when its mapping may be unmapped.
 *
 * <p>A {@link ByteBuffer} from {@link SharedMemory#buffer()} points straight into the mapping
 * and Java cannot revoke it, so the mapping must outlive every such buffer: unmapping while
 * one is reachable would let plain Java code crash the JVM. Hence:
 * <ul>
 *   <li>no buffer handed out (or it was collected): close unmaps at once;</li>
 *   <li>explicit close with a live buffer: the view is detached (POSIX: replaced in place by
 *       private zero pages), so the buffer stays safe but no longer shows the segment;</li>
 *   <li>handle collected with a live buffer: the view stays mapped and shared, so a buffer
 *       kept beyond its handle keeps working;</li>
 * </ul>
 * and the view is unmapped when the buffer is collected.
 */
final class SegmentLifetime implements Runnable {
    private final long handle;
    private final long address;
    private final long size;
    private boolean bufferExported;
    private boolean bufferCollected;
    private boolean handleReleased;
    private boolean viewLeftMapped;
    private volatile boolean explicitClose;

    SegmentLifetime(long handle) {
        this.handle = handle;
        this.address = SegmentNative.address(handle);
        this.size = SegmentNative.size(handle);
    }

    long handle() {
        return handle;
    }

    long size() {
        return size;
    }

    long address() {
        return address;
    }

    /** Called under the handle's guard, so never after release. */
    synchronized ByteBuffer exportBuffer() {
        ByteBuffer buffer = SegmentNative.buffer(handle);
        bufferExported = true;
        Cleaners.CLEANER.register(buffer, this::bufferCollected);
        return buffer;
    }

    void markExplicitClose() {
        explicitClose = true;
    }

    /** The Cleaner action of the handle: runs once, on close() or when the handle is collected. */
    @Override
    public synchronized void run() {
        handleReleased = true;
        if (bufferExported && !bufferCollected) {
            viewLeftMapped = true;
            SegmentNative.release(handle, explicitClose ? SegmentNative.VIEW_DETACH : SegmentNative.VIEW_KEEP);
            if (explicitClose) {
                SharedViews.remove(address); // private zeros now: nothing can take its pages away
            }
        } else {
            SegmentNative.release(handle, SegmentNative.VIEW_UNMAP);
        }
    }

    private synchronized void bufferCollected() {
        bufferCollected = true;
        SharedViews.remove(address); // before the unmap below, so before the range can be reused
        if (handleReleased && viewLeftMapped) {
            SegmentNative.unmapView(address, size);
        }
    }
}
