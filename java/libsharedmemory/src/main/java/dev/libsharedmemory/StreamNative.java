package dev.libsharedmemory;

/**
 * JNI entry points of jni/jni/jni_stream.cpp. Handles are native pointers (lsm_stream_writer,
 * lsm_stream_reader of lsm_c.h) that refuse calls after close; callers keep their owner
 * reachable across each call and check every index (the native side re-checks ranges, never types).
 */
final class StreamNative {
    static final int TYPE_STRING = StreamLayout.TYPE_STRING;
    static final int TYPE_FLOAT = StreamLayout.TYPE_FLOAT;
    static final int TYPE_DOUBLE = StreamLayout.TYPE_DOUBLE;

    static {
        NativeLibrary.load();
        // Bind the foreign downcalls (JDK 22+) now, before the first segment is created, not
        // between creating it and the first write (binding takes tens of milliseconds).
        ForeignCalls.warmUp();
    }

    private StreamNative() {}

    // ---- writer ----

    static native long createWriter(byte[] name, long size, boolean persistent, int mode);

    static native long openOrCreateWriter(byte[] name, long size, boolean persistent, int mode);

    /** Whether the writer created its segment; only before it is closed. */
    static native boolean writerCreated(long handle);

    /**
     * array is a byte[] (TYPE_STRING), float[] (TYPE_FLOAT) or double[] (TYPE_DOUBLE); offsets in
     * bytes (a long: a float[] or double[] spans more than 2 GiB), checked against the array natively.
     */
    static native void writeArray(long handle, int type, Object array, long byteOffset, int byteLength);

    /** Writes native memory [position, position + length) of a direct buffer (see DirectAddress). */
    static native void writeAddress(long handle, int type, long address, long capacity, int position, int length);

    static native boolean isMessageRead(long handle);

    /**
     * Sleeps at most {@code nanos} until a reader acknowledges the latest write (true), woken by
     * readers in any process; SegmentClosedException when the handle closes meanwhile.
     */
    static native boolean sleepForRead(long handle, long nanos, long unwokenNanos);

    static native void setWriterLockTimeout(long handle, long nanos);

    static native boolean writerIsStale(long handle);

    static native void destroyWriter(long handle);

    /** Wakes the threads asleep on this writer (one was interrupted); nothing once closed. */
    static native void wakeWriterSleepers(long handle);

    /** Waits for calls in flight and unmaps; later calls throw SegmentClosedException. */
    static native void closeWriter(long handle);

    /** Closes if still open and frees the handle: only once nothing can call it any more. */
    static native void releaseWriter(long handle);

    // ---- reader ----

    static native long openReader(byte[] name, long size, boolean persistent);

    /** Opens a reader over the whole existing object; {@link #readerBufferSize} tells its size. */
    static native long openWholeReader(byte[] name, boolean persistent);

    static native long readerBufferSize(long handle);

    /**
     * Copies the payload into native memory [position, position + room): its size. Larger than
     * limit (negative: no limit): MessageTooLargeException, nothing copied. Within the limit but
     * larger than room: nothing copied, returns {@link CallResult#tooSmall}(size).
     */
    static native long readAddress(long handle, long address, long capacity, int position, int room, int limit);

    /**
     * Copies the payload into a byte[], float[] or double[] ({@code element} bytes each, matching
     * the array: the native side trusts it), array bytes [byteOffset, byteOffset + room), whole
     * elements only: its size. Larger than limit (negative: none): MessageTooLargeException.
     * Whole elements larger than room: nothing copied, returns {@link CallResult#tooSmall}(size).
     */
    static native long readArray(long handle, Object array, int element, int byteOffset, long room, int limit);

    static native int flags(long handle);

    static native long payloadSize(long handle);

    static native boolean hasNewData(long handle);

    static native void markAsRead(long handle);

    /** Sleeps at most {@code nanos} until {@link #hasNewData} (true), woken by writers in any process. */
    static native boolean sleepForNewData(long handle, long nanos, long unwokenNanos);

    static native void setReaderLockTimeout(long handle, long nanos);

    static native boolean readerIsStale(long handle);

    /** Maps the stream the name leads to now if it was re-created: lsm::FollowResult (0 current, 1 pending, 2 followed). */
    static native int followReader(long handle);

    static native void destroyReader(long handle);

    static native void closeReader(long handle);

    /** Whether a change came that woke nobody (a C++ writer): the reader's sleeps are short since. For tests. */
    static native boolean readerUnwokenPeerSeen(long handle);

    /** Wakes the threads asleep on this reader (one was interrupted); nothing once closed. */
    static native void wakeReaderSleepers(long handle);

    static native void releaseReader(long handle);

    // ---- lock holder (writer or reader handle) ----

    /** The lock word, as an unsigned 32-bit value. */
    static native long lockHolder(long handle, boolean writer);

    /**
     * Forces the lock open and repairs, only while it holds {@code expected} when that is not
     * negative (one compare-and-swap): the value found ({@code expected} when forced).
     */
    static native long forceUnlock(long handle, boolean writer, long expected);
}
