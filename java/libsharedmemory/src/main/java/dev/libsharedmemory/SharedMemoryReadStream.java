package dev.libsharedmemory;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

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
 *
 * <p>A writer that restarts re-creates the stream (C++ and Java writers alike): the name then
 * leads to a new segment and this reader, mapping the old one, sees no new data ({@link
 * #isStale()}). With {@link #setFollowRecreated(boolean) setFollowRecreated(true)} it maps the
 * new segment by itself and carries on ({@link FollowsRecreated}): the next call that finds
 * nothing new ({@link #hasNewData()} false, {@link #awaitNewData} between its waits, a
 * {@code read*} call or {@link #readSize()}/{@link #readFlags()} while nothing new is there)
 * maps the new segment, whole: {@link #bufferSize()} becomes its size, and its first write
 * counts as new data. A reader that never calls {@link #markAsRead()} keeps finding the old
 * segment's last write new and so never follows. A read waiting for the old segment's lock is
 * not cut short: it ends as it would (the lock, or {@link LockTimeoutException}), and the
 * switch is made after it.
 */
public final class SharedMemoryReadStream extends StreamEnd implements FollowsRecreated {
    /** The addresses of the direct buffers read into. */
    private final DirectAddressCache directs = new DirectAddressCache();
    private final Follower follower = new Follower(h.staleReport, StreamNative::followReader);

    /** Opens an existing stream; {@code bufferSize} must match the writer's (header included). */
    public SharedMemoryReadStream(String name, long bufferSize, boolean persistent) {
        super(open(name, bufferSize, persistent));
    }

    private SharedMemoryReadStream(StreamHandle h) {
        super(h);
    }

    /**
     * Opens an existing stream without knowing its size: the whole segment is mapped and
     * {@link #bufferSize()} is its size (header included), as a writer of any bufferSize made it.
     *
     * @throws SegmentNotFoundException no segment of that name
     * @throws InvalidSizeException the segment is too small to hold a header and a payload byte
     */
    public static SharedMemoryReadStream open(String name, boolean persistent) {
        byte[] utf8 = Names.utf8(name);
        long handle = StreamNative.openWholeReader(utf8, persistent);
        long bufferSize;
        try {
            bufferSize = StreamNative.readerBufferSize(handle);
        } catch (RuntimeException | Error e) {
            StreamNative.releaseReader(handle);
            throw e;
        }
        return new SharedMemoryReadStream(new StreamHandle(name, bufferSize, persistent, handle, false));
    }

    private static StreamHandle open(String name, long bufferSize, boolean persistent) {
        byte[] utf8 = Names.utf8(name);
        StreamHandle.checkBufferSize(name, bufferSize);
        long handle = StreamNative.openReader(utf8, bufferSize, persistent);
        return new StreamHandle(name, bufferSize, persistent, handle, false);
    }

    /** The payload decoded as UTF-8 (the C++ library's {@code read()}). */
    public String read() {
        return readString();
    }

    /** The payload decoded as UTF-8; malformed bytes become U+FFFD. */
    public String readString() {
        try {
            followBeforeRead();
            return StreamCalls.readString(h.handle, h.name);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** A copy of the payload bytes, whatever the data type. */
    public byte[] readBytes() {
        try {
            followBeforeRead();
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
            followBeforeRead();
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
            followBeforeRead();
            return StreamCalls.readFloats(h.handle, h.name);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The payload as float64 values ({@code size / 8} of them). */
    public double[] readDoubleArray() {
        try {
            followBeforeRead();
            return StreamCalls.readDoubles(h.handle, h.name);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** The flags byte (0..255): data type bit plus the change bit ({@link StreamDataType#CHANGE_BIT}). */
    public int readFlags() {
        try {
            followBeforeRead();
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
            followBeforeRead();
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

    /**
     * True when a write completed since this reader opened or last called {@link #markAsRead()}.
     * A following reader that finds none first checks for a re-created stream (see {@link
     * #setFollowRecreated(boolean)}).
     */
    public boolean hasNewData() {
        try {
            return StreamNative.hasNewData(h.handle) || followIfRecreated() && StreamNative.hasNewData(h.handle);
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
     * Waits until {@link #hasNewData()}, at most {@code timeout}, as this handle's
     * {@link #waitStrategy()} says: by default asleep until a writer of this library in any process
     * wakes it, a writer that wakes nobody (the C++ library) noticed within the peer poll interval.
     * Returns false on timeout; a close from another thread ends the wait with
     * {@link SegmentClosedException}.
     *
     * @throws InterruptedException the thread was interrupted (its interrupt status is cleared)
     */
    public boolean awaitNewData(Duration timeout) throws InterruptedException {
        return Waits.await(newData, timeout, waitStrategy, newDataWait) != null;
    }

    /** What {@link #awaitNewData} tries and sleeps on, made once: an object per call would allocate. */
    private final Waits.Attempt<Boolean> newData = () -> hasNewData() ? Boolean.TRUE : null;
    private final WaitTarget newDataWait = new NativeWait(this, h.handle, StreamCalls::sleepForNewData,
            StreamNative::wakeReaderSleepers, this::followIfRecreated); // a new object is read by the next try

    /** Whether a change came that woke nobody (a C++ writer): this reader's sleeps are short since. For tests. */
    boolean unwokenPeerSeen() {
        try {
            return StreamNative.readerUnwokenPeerSeen(h.handle);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public void setFollowRecreated(boolean follow) {
        follower.setEnabled(follow);
    }

    @Override
    public boolean isFollowingRecreated() {
        return follower.isEnabled();
    }

    @Override
    public long followCount() {
        return follower.count();
    }

    @Override
    public Optional<Instant> lastFollowed() {
        return follower.lastFollowed();
    }

    /**
     * When following and due (at most once a millisecond): maps the stream the name now leads
     * to, if it was re-created. True when it did. Called where a call found nothing new.
     */
    boolean followIfRecreated() {
        try {
            if (!follower.followIfDue(h.handle)) {
                return false;
            }
            h.bufferSize = StreamNative.readerBufferSize(h.handle);
            return true;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** A following reader whose stream holds nothing new looks for a re-created one first. */
    private void followBeforeRead() {
        if (follower.isEnabled() && !StreamNative.hasNewData(h.handle)) {
            followIfRecreated();
        }
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

}
