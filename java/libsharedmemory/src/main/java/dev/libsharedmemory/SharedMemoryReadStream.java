package dev.libsharedmemory;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.time.Duration;
import java.util.Objects;

/**
 * The reading side of a stream, as {@code lsm::SharedMemoryReadStream} of libsharedmemory 2.0.0:
 * every read copies the latest payload; reading does not consume it.
 *
 * <pre>{@code
 * try (SharedMemoryReadStream in = new SharedMemoryReadStream("jsonPipe", 65535, true)) {
 *     if (in.awaitNewData(Duration.ofSeconds(1))) {
 *         String json = in.readString();
 *         in.markAsRead();               // the writer's isMessageRead() becomes true
 *     }
 * }
 * }</pre>
 *
 * <p>Change detection: the reader remembers the revision it saw when it opened. {@link
 * #hasNewData()} is true once a write has completed since then (or since {@link #markAsRead()},
 * which also acknowledges the write to the writer).
 *
 * <p>Every payload read holds the stream's cross-process lock, so it is never torn. A size field
 * that does not fit the segment raises {@link CorruptSegmentException}; nothing outside the
 * segment is read. Thread-safe; closing during use is safe (other threads get
 * {@link SegmentClosedException}).
 */
public final class SharedMemoryReadStream implements AutoCloseable {
    private final StreamHandle h;
    /** The addresses of the direct buffers read into. */
    private final DirectAddressCache directs = new DirectAddressCache();

    /** Opens an existing stream; {@code bufferSize} must match the writer's (header included). */
    public SharedMemoryReadStream(String name, long bufferSize, boolean persistent) {
        byte[] utf8 = Names.utf8(name);
        StreamHandle.checkBufferSize(name, bufferSize);
        long handle = StreamNative.openReader(utf8, bufferSize, persistent);
        this.h = new StreamHandle(name, bufferSize, persistent, handle, false);
    }

    /** The payload decoded as UTF-8 (the C++ library's {@code read()}). */
    public String read() {
        return readString();
    }

    /** The payload decoded as UTF-8; malformed bytes become U+FFFD. */
    public String readString() {
        try {
            return StreamCalls.readString(h.handle, h.name);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** A copy of the payload bytes, whatever the data type. */
    public byte[] readBytes() {
        try {
            return StreamCalls.readBytes(h.handle, h.name);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Copies the payload into {@code dst} at its position, advances the position and returns the
     * number of bytes copied; allocates nothing. If the payload is larger than
     * {@code dst.remaining()}, throws {@link MessageTooLargeException} and copies nothing.
     *
     * @throws IllegalStateException {@code dst} is a buffer of a java.lang.foreign Arena that is
     *     closed (as the JDK's own accesses to it throw)
     */
    public int read(ByteBuffer dst) {
        Objects.requireNonNull(dst, "dst");
        if (dst.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int position = dst.position();
        int remaining = dst.limit() - position; // one read of the position, in case another thread moves it
        int copied;
        try {
            if (dst.isDirect()) {
                DirectAddress direct = directs.of(dst);
                copied = (int) StreamCalls.read(h.handle, direct, position, remaining, remaining);
            } else {
                copied = StreamCalls.read(h.handle, dst.array(), dst.arrayOffset() + position, remaining);
            }
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(dst);
        }
        dst.position(position + copied);
        return copied;
    }

    /** The payload as float32 values ({@code size / 4} of them). */
    public float[] readFloatArray() {
        try {
            return StreamCalls.readFloats(h.handle, h.name);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The payload as float64 values ({@code size / 8} of them). */
    public double[] readDoubleArray() {
        try {
            return StreamCalls.readDoubles(h.handle, h.name);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The flags byte (0..255): data type bit plus the change bit ({@link StreamDataType#CHANGE_BIT}). */
    public int readFlags() {
        try {
            return StreamNative.flags(h.handle);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The data type of the latest write, from the flags byte. */
    public StreamDataType readDataType() {
        return StreamDataType.fromFlags(readFlags());
    }

    /** The payload size in bytes. */
    public long readSize() {
        try {
            return StreamNative.payloadSize(h.handle);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The payload length in elements of the current data type: bytes, floats or doubles. */
    public long readLength() {
        return readLength(readDataType());
    }

    /** The payload length in elements of {@code type}. */
    public long readLength(StreamDataType type) {
        return readSize() / Objects.requireNonNull(type, "type").elementSize();
    }

    /** True when a write completed since this reader opened or last called {@link #markAsRead()}. */
    public boolean hasNewData() {
        try {
            return StreamNative.hasNewData(h.handle);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Acknowledges the current payload: the writer's {@code isMessageRead()} becomes true. */
    public void markAsRead() {
        try {
            StreamNative.markAsRead(h.handle);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Waits until {@link #hasNewData()}, at most {@code timeout}. Spins briefly, then yields, then
     * parks. Returns false on timeout; a close from another thread ends the wait with
     * {@link SegmentClosedException}.
     */
    public boolean awaitNewData(Duration timeout) throws InterruptedException {
        long deadline = Backoff.deadline(timeout);
        for (int round = 0; !hasNewData(); round = Math.min(round + 1, 1 << 20)) {
            if (!Backoff.pause(round, deadline)) {
                return false;
            }
        }
        return true;
    }

    /**
     * How long a read waits for the stream's lock before {@link LockTimeoutException} (default 5 s).
     * A wait ends sooner when this handle is closed ({@link SegmentClosedException}) or the
     * waiting thread is interrupted ({@link LockWaitInterruptedException}, the interrupt status
     * kept set); the read then did nothing.
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
        return h.forceUnlock();
    }

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

    public boolean isPersistent() {
        return h.persistent;
    }

    public boolean isClosed() {
        return h.isClosed();
    }

    /**
     * True when the name no longer leads to the segment this handle maps: a restarted writer re-created the stream (a C++ or Java writer always creates anew), or the name was removed. Reopen
     * to reach the new segment; this handle keeps working on the old, nameless one.
     */
    public boolean isStale() {
        return h.isStale();
    }

    /** Removes the segment's name. Also works after close. */
    public void destroy() {
        h.destroy();
    }

    /** Unmaps the segment; a non-persistent reader also removes the name (as in the C++ library). Idempotent. */
    @Override
    public void close() {
        h.close();
    }

    @Override
    public String toString() {
        return "SharedMemoryReadStream[" + h.name + ", " + h.bufferSize + " bytes"
                + (h.persistent ? "" : ", not persistent") + (isClosed() ? ", closed" : "") + "]";
    }
}
