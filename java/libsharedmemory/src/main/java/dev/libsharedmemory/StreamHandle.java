package dev.libsharedmemory;

import java.lang.ref.Cleaner;
import java.time.Duration;

/**
 * What a write stream and a read stream share: the native handle, its guard (close during
 * use), the Cleaner that frees a handle nobody closed, and argument checks.
 */
final class StreamHandle {
    /** The bytes of the stream header; the payload area is bufferSize minus this. */
    static final int HEADER_SIZE = 20;

    final String name;
    final long bufferSize;
    final boolean persistent;
    final HandleGuard guard;
    final long handle;
    private final boolean writer;
    private final Cleaner.Cleanable cleanable;

    StreamHandle(Object owner, String name, long bufferSize, boolean persistent, long handle, boolean writer) {
        this.name = name;
        this.bufferSize = bufferSize;
        this.persistent = persistent;
        this.handle = handle;
        this.writer = writer;
        this.guard = new HandleGuard("stream '" + name + "'");
        this.cleanable = Cleaners.CLEANER.register(owner, new Release(handle, writer));
    }

    /** Refuses bufferSize ≤ 20 before anything is created or opened. */
    static long checkBufferSize(String name, long bufferSize) {
        if (bufferSize <= HEADER_SIZE) {
            throw new InvalidSizeException("stream '" + name + "': bufferSize " + bufferSize
                    + " leaves no room for a payload; it must be greater than the " + HEADER_SIZE + "-byte header");
        }
        return bufferSize;
    }

    static long lockTimeoutNanos(String name, Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new InvalidArgumentException("stream '" + name + "': lock timeout must be a non-negative Duration, was "
                    + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    LockHolder lockHolder() {
        HandleGuard.Slot inside = guard.enter();
        try {
            return LockHolder.of(StreamNative.lockHolder(handle, writer));
        } finally {
            guard.exit(inside);
        }
    }

    LockHolder forceUnlock() {
        HandleGuard.Slot inside = guard.enter();
        try {
            return LockHolder.of(StreamNative.forceUnlock(handle, writer));
        } finally {
            guard.exit(inside);
        }
    }

    /** Sets the lock timeout of this side (writer or reader). */
    void setLockTimeout(Duration timeout) {
        long nanos = lockTimeoutNanos(name, timeout);
        HandleGuard.Slot inside = guard.enter();
        try {
            if (writer) {
                StreamNative.setWriterLockTimeout(handle, nanos);
            } else {
                StreamNative.setReaderLockTimeout(handle, nanos);
            }
        } finally {
            guard.exit(inside);
        }
    }

    boolean isStale() {
        HandleGuard.Slot inside = guard.enter();
        try {
            return writer ? StreamNative.writerIsStale(handle) : StreamNative.readerIsStale(handle);
        } finally {
            guard.exit(inside);
        }
    }

    /** Removes the segment's name; after close, by name. */
    void destroy() {
        HandleGuard.Slot inside;
        try {
            inside = guard.enter();
        } catch (SegmentClosedException closed) {
            SharedMemory.remove(name);
            return;
        }
        try {
            if (writer) {
                StreamNative.destroyWriter(handle);
            } else {
                StreamNative.destroyReader(handle);
            }
        } finally {
            guard.exit(inside);
        }
    }

    long maxPayloadSize() {
        return Math.min(bufferSize - HEADER_SIZE, 0xFFFF_FFFFL);
    }

    /** Marks closed, waits for calls in flight, frees the native handle. Idempotent. */
    void close() {
        if (guard.close()) {
            cleanable.clean();
        }
    }

    /** The Cleaner action: frees the native writer or reader (a non-persistent one removes the name). */
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
