package dev.libsharedmemory;

import java.time.Duration;
import java.util.Objects;

/**
 * What a stream's writer and reader share: the handle, the lock timeout and lock holder, the
 * geometry, close. Package-private: the public API is {@link SharedMemoryWriteStream} and
 * {@link SharedMemoryReadStream}, whose documentation includes these methods.
 */
abstract class StreamEnd implements AutoCloseable {
    final StreamHandle h;
    /** Read by each blocking call once; volatile: set from any thread. */
    volatile WaitStrategy waitStrategy = WaitStrategy.sleep();

    StreamEnd(StreamHandle h) {
        this.h = h;
    }

    /**
     * How long a write or read waits for the stream's lock before {@link LockTimeoutException}
     * (default 5 s). A wait ends sooner when this handle is closed ({@link SegmentClosedException})
     * or the waiting thread is interrupted ({@link LockWaitInterruptedException}, the interrupt
     * status kept set); the call then did nothing.
     *
     * @throws InvalidArgumentException {@code timeout} is null or negative (streams and queues alike)
     */
    public void setLockTimeout(Duration timeout) {
        h.setLockTimeout(timeout);
    }

    /**
     * Who holds the stream's cross-process lock now (a diagnostic snapshot). A holder that is a
     * process of this library and has died is taken over automatically by the next write or
     * read that waits for the lock; see {@link LockHolder}.
     */
    public LockHolder lockHolder() {
        return h.lockHolder();
    }

    /**
     * Takes the stream's lock away from its holder, leaves it free, and returns who held it
     * ({@link LockHolder#isFree()} if nobody: then nothing changes). If one of this library's writers
     * died mid-write, its half-copied payload is emptied (size 0) on the way.
     *
     * <p><b>Only call this when the holder is known to be dead</b> — typically a C++
     * libsharedmemory process (value 1) that crashed while holding the lock, which this library
     * cannot detect by itself: writes and reads then fail with {@link LockTimeoutException}. A
     * holder that is still alive would go on writing or reading without the lock, and readers
     * could see a torn payload. Holders that are processes of this library need no forced
     * unlock: their death is detected automatically.
     */
    public LockHolder forceUnlock() {
        return h.forceUnlock(null);
    }

    /**
     * As {@link #forceUnlock()}, but only while the lock is still held by {@code expected} — the
     * holder you checked, as {@link #lockHolder()} returned it — in one atomic step, so a process
     * that took the lock after your check is never forced out. Returns who held it: {@code
     * expected} when it was forced open (free: nothing to do), another holder when the lock changed
     * hands meanwhile (then nothing was done: check that one).
     */
    public LockHolder forceUnlockIf(LockHolder expected) {
        return h.forceUnlock(Objects.requireNonNull(expected, "expected"));
    }

    /**
     * Sets how this handle's blocking calls wait ({@link WaitStrategy}; default {@link WaitStrategy#sleep()}).
     */
    public void setWaitStrategy(WaitStrategy strategy) {
        waitStrategy = Objects.requireNonNull(strategy, "strategy");
    }

    /** How this handle's blocking calls wait. */
    public WaitStrategy waitStrategy() {
        return waitStrategy;
    }

    /** The stream's name. */
    public String name() {
        return h.name;
    }

    /** The segment size, header included. */
    public long bufferSize() {
        return h.bufferSize;
    }

    /** The largest payload in bytes: {@code bufferSize − 20}. */
    public long maxPayloadSize() {
        return h.maxPayloadSize();
    }

    /** False when the name is removed as this handle closes. */
    public boolean isPersistent() {
        return h.persistent;
    }

    /** True once {@link #close()} was called. */
    public boolean isClosed() {
        return h.isClosed();
    }

    /** Unmaps the segment; a non-persistent handle also removes the name (as in the C++ library). Idempotent. */
    @Override
    public void close() {
        h.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + h.name + ", " + h.bufferSize + " bytes"
                + (h.persistent ? "" : ", not persistent") + (isClosed() ? ", closed" : "") + "]";
    }
}
