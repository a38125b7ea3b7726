package dev.libsharedmemory;

import java.lang.ref.Reference;
import java.time.Duration;

/**
 * What a write stream and a read stream share: the native handle, closing it, the Cleaner that
 * frees it, and argument checks.
 *
 * <p>Close during use is made safe natively (lsm::CallGuard, jni/core/include/lsm/call_guard.hpp):
 * every native call enters the handle's guard, close waits for the calls inside and then unmaps,
 * and the handle's memory lives on, refusing calls with {@link SegmentClosedException}, until
 * this object is unreachable. So every call site keeps its stream reachable until the native
 * call has returned ({@code Reference.reachabilityFence}); the stream holds this object, which
 * the Cleaner watches.
 */
final class StreamHandle {
    /** The bytes of the stream header; the payload area is bufferSize minus this. */
    static final int HEADER_SIZE = StreamLayout.HEADER_SIZE;

    final String name;
    /**
     * Of the mapped object; a following reader's changes when it maps a re-created stream. Plain,
     * not volatile (a writer's hot path reads it): another thread may see the old value a while,
     * harmless since the native side checks every size against its own mapping.
     */
    long bufferSize;
    final boolean persistent;
    final long handle;
    private final boolean writer;
    /** Shared with a following reader's Follower. */
    final StaleReport staleReport;
    private volatile boolean closed;

    StreamHandle(String name, long bufferSize, boolean persistent, long handle, boolean writer) {
        this.name = name;
        this.bufferSize = bufferSize;
        this.persistent = persistent;
        this.handle = handle;
        this.writer = writer;
        this.staleReport = new StaleReport(name, kind());
        Cleaners.CLEANER.register(this, new Release(handle, writer));
        LifecycleEvents.reportTakeOvers();
    }

    /** Refuses bufferSize ≤ 20 before anything is created or opened. */
    static long checkBufferSize(String name, long bufferSize) {
        if (bufferSize <= HEADER_SIZE) {
            throw new InvalidSizeException("stream '" + name + "': bufferSize " + bufferSize
                    + " leaves no room for a payload; it must be greater than the " + HEADER_SIZE + "-byte header");
        }
        return bufferSize;
    }

    LockHolder lockHolder() {
        try {
            return LockHolder.of(StreamNative.lockHolder(handle, writer));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Forces the lock open; only while it is held by {@code expected} unless that is null. */
    LockHolder forceUnlock(LockHolder expected) {
        try {
            LockHolder replaced = LockHolder.of(StreamNative.forceUnlock(handle, writer, LockHolder.expectedWord(expected)));
            if (!replaced.isFree() && (expected == null || replaced.equals(expected))) { // forced open
                LifecycleEvents.forcedUnlock(name, kind(), "stream", replaced);
            }
            return replaced;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Sets the lock timeout of this side (writer or reader). */
    void setLockTimeout(Duration timeout) {
        long nanos = LockTimeout.nanos("stream '" + name + "'", timeout);
        try {
            if (writer) {
                StreamNative.setWriterLockTimeout(handle, nanos);
            } else {
                StreamNative.setReaderLockTimeout(handle, nanos);
            }
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    boolean isStale() {
        try {
            return staleReport.check(writer ? StreamNative.writerIsStale(handle) : StreamNative.readerIsStale(handle));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Removes the segment's name; after close, by name. */
    void destroy() {
        try {
            if (writer) {
                StreamNative.destroyWriter(handle);
            } else {
                StreamNative.destroyReader(handle);
            }
        } catch (SegmentClosedException closedMeanwhile) {
            SharedMemory.remove(name);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    long maxPayloadSize() {
        return Math.min(bufferSize - HEADER_SIZE, 0xFFFF_FFFFL);
    }

    /** What the JFR events call this handle. */
    private String kind() {
        return writer ? LifecycleEvents.STREAM_WRITER : LifecycleEvents.STREAM_READER;
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Waits for calls in flight, then unmaps (a non-persistent stream removes its name).
     * Idempotent; the native handle itself is freed by the Cleaner.
     */
    void close() {
        closed = true;
        try {
            if (writer) {
                StreamNative.closeWriter(handle);
            } else {
                StreamNative.closeReader(handle);
            }
            LifecycleEvents.reportTakeOvers();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The Cleaner action: closes if still open and frees the native writer or reader. */
    private static final class Release implements Runnable {
        private final long handle;
        private final boolean writer;

        Release(long handle, boolean writer) {
            this.handle = handle;
            this.writer = writer;
        }

        @Override
        public void run() {
            if (writer) {
                StreamNative.releaseWriter(handle);
            } else {
                StreamNative.releaseReader(handle);
            }
        }
    }
}
