package dev.libsharedmemory;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The writing side of a stream, as {@code lsm::SharedMemoryWriteStream} of libsharedmemory 2.0.0:
 * each write replaces the payload that readers see, and flips the change bit.
 *
 * <pre>{@code
 * try (SharedMemoryWriteStream out = new SharedMemoryWriteStream("jsonPipe", 65535, true)) {
 *     out.write("{ foo: 'coolest IPC ever! 🧑‍💻' }");
 *     out.waitForRead(Duration.ofSeconds(1)); // until a reader called markAsRead()
 * }
 * }</pre>
 *
 * <p>{@code bufferSize} includes the 20-byte header, as in the C++ library: a payload may be at
 * most {@code bufferSize − 20} bytes; a larger one is refused with
 * {@link MessageTooLargeException} and nothing is written.
 *
 * <p>The constructors create the segment, replacing an existing one (as the C++ library does);
 * {@link #openOrCreate} attaches to an existing stream instead, and creates it only when absent.
 *
 * <p>Thread-safe: every write holds the stream's cross-process lock, so readers never see a torn
 * payload. Closing while other threads use the stream is safe: they finish their call or get a
 * {@link SegmentClosedException}.
 */
public final class SharedMemoryWriteStream extends StreamEnd {
    /** The addresses of the direct buffers written. */
    private final DirectAddressCache directs = new DirectAddressCache();
    private final boolean created;

    /** Creates the stream segment (replacing any existing one of that name) with {@link SharedMemory#DEFAULT_MODE}. */
    public SharedMemoryWriteStream(String name, long bufferSize, boolean persistent) {
        this(name, bufferSize, persistent, SharedMemory.DEFAULT_MODE);
    }

    /** As {@link #SharedMemoryWriteStream(String, long, boolean)} with POSIX permission bits (e.g. {@code 0660}). */
    public SharedMemoryWriteStream(String name, long bufferSize, boolean persistent, int mode) {
        this(writer(name, bufferSize, persistent, mode, false));
    }

    private SharedMemoryWriteStream(StreamHandle h) {
        super(h);
        this.created = StreamNative.writerCreated(h.handle);
    }

    /**
     * Attaches to the stream when it exists, else creates it (mode {@link SharedMemory#DEFAULT_MODE});
     * never replaces one, nor rewrites its header or payload. Race-free across processes: of
     * several calling this at once exactly one creates the segment ({@link #created()}) and all
     * end on the same one; a new stream's header is all zeros from the start, so nobody sees a
     * half-written one.
     *
     * @throws InvalidSizeException bufferSize ≤ 20, or the stream exists with another size (the message names both)
     * @throws CorruptSegmentException it exists but is still 0 bytes after 5 s: its creator died
     *     half way; {@link SharedMemory#remove} it and retry
     */
    public static SharedMemoryWriteStream openOrCreate(String name, long bufferSize, boolean persistent) {
        return openOrCreate(name, bufferSize, persistent, SharedMemory.DEFAULT_MODE);
    }

    /** As {@link #openOrCreate(String, long, boolean)}, with POSIX permission bits for a segment it creates. */
    public static SharedMemoryWriteStream openOrCreate(String name, long bufferSize, boolean persistent, int mode) {
        return new SharedMemoryWriteStream(writer(name, bufferSize, persistent, mode, true));
    }

    private static StreamHandle writer(String name, long bufferSize, boolean persistent, int mode, boolean openOrCreate) {
        byte[] utf8 = Names.utf8(name);
        StreamHandle.checkBufferSize(name, bufferSize);
        long handle = openOrCreate
                ? StreamNative.openOrCreateWriter(utf8, bufferSize, persistent, mode)
                : StreamNative.createWriter(utf8, bufferSize, persistent, mode);
        return new StreamHandle(name, bufferSize, persistent, handle, true);
    }

    /** True when this handle created the segment: a constructor, or {@link #openOrCreate} that found none. */
    public boolean created() {
        return created;
    }

    /** Writes a string as UTF-8 (any Unicode, NUL included), data type STRING. */
    public void write(String text) {
        Objects.requireNonNull(text, "text");
        if (text.length() <= Staging.MAX_ENCODED_CHARS) { // encoded into this thread's scratch array: no garbage
            Staging staging = Staging.current();
            writeArray(StreamNative.TYPE_STRING, staging.heapBytes(), 0, staging.encodeUtf8(text));
            return;
        }
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        writeArray(StreamNative.TYPE_STRING, utf8, 0, utf8.length);
    }

    /** Writes raw bytes, data type STRING. */
    public void write(byte[] bytes) {
        write(bytes, 0, Objects.requireNonNull(bytes, "bytes").length);
    }

    /** Writes {@code bytes[offset, offset + length)}, data type STRING. */
    public void write(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(bytes, "bytes").length);
        writeArray(StreamNative.TYPE_STRING, bytes, offset, length);
    }

    /**
     * Writes the remaining bytes of {@code src} (data type STRING) and advances its position to
     * its limit, as a channel write does. A direct buffer is copied without an intermediate array.
     *
     * @throws IllegalStateException {@code src} is a buffer of a java.lang.foreign Arena that is
     *     closed (as the JDK's own accesses to it throw); nothing is written
     */
    public void write(ByteBuffer src) {
        Objects.requireNonNull(src, "src");
        int position = src.position();
        int length = src.limit() - position; // one read of the position, in case another thread moves it
        checkFits(length);
        if (src.isDirect()) {
            DirectAddress direct = directs.of(src);
            try {
                StreamCalls.write(h.handle, StreamNative.TYPE_STRING, direct, position, length);
            } finally {
                Reference.reachabilityFence(this);
                Reference.reachabilityFence(src);
            }
        } else if (src.hasArray()) {
            writeArray(StreamNative.TYPE_STRING, src.array(), src.arrayOffset() + position, length);
        } else { // a read-only heap buffer
            byte[] copy = new byte[length];
            src.duplicate().get(copy);
            writeArray(StreamNative.TYPE_STRING, copy, 0, length);
        }
        src.position(position + length);
    }

    /** Writes float32 values, data type FLOAT. */
    public void write(float[] values) {
        write(values, 0, Objects.requireNonNull(values, "values").length);
    }

    /** Writes {@code values[offset, offset + length)}, data type FLOAT. */
    public void write(float[] values, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(values, "values").length);
        writeArray(StreamNative.TYPE_FLOAT, values, (long) offset * Float.BYTES, checkedBytes(length, Float.BYTES));
    }

    /** Writes float64 values, data type DOUBLE. */
    public void write(double[] values) {
        write(values, 0, Objects.requireNonNull(values, "values").length);
    }

    /** Writes {@code values[offset, offset + length)}, data type DOUBLE. */
    public void write(double[] values, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, Objects.requireNonNull(values, "values").length);
        writeArray(StreamNative.TYPE_DOUBLE, values, (long) offset * Double.BYTES, checkedBytes(length, Double.BYTES));
    }

    /** True when a reader acknowledged ({@code markAsRead}) the latest write; true before the first write. */
    public boolean isMessageRead() {
        try {
            return StreamNative.isMessageRead(h.handle);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Waits until a reader acknowledged the latest write, at most {@code timeout}, as this
     * handle's {@link #waitStrategy()} says: by default asleep until a reader of this library in
     * any process acknowledges, a reader that wakes nobody (the C++ library) noticed within the
     * peer poll interval. Returns false on timeout; a close from another thread ends the wait
     * with {@link SegmentClosedException}.
     *
     * @throws InterruptedException the thread was interrupted (its interrupt status is cleared)
     */
    public boolean waitForRead(Duration timeout) throws InterruptedException {
        return Waits.await(read, timeout, waitStrategy, readWait) != null;
    }

    /** What {@link #waitForRead} tries and sleeps on, made once: an object per call would allocate. */
    private final Waits.Attempt<Boolean> read = () -> isMessageRead() ? Boolean.TRUE : null;
    private final WaitTarget readWait = new NativeWait(this, h.handle, StreamCalls::sleepForRead,
            StreamNative::wakeWriterSleepers, null);

    /**
     * True when the name no longer leads to the segment this handle maps: another writer re-created the stream, or the name was removed. Reopen
     * to reach the new segment; this handle keeps working on the old, nameless one.
     */
    public boolean isStale() {
        return h.isStale();
    }

    /** Removes the segment's name; readers that have it open keep it. Also works after close. */
    public void destroy() {
        h.destroy();
    }


    /** {@code byteOffset} in long: element offsets of a float[] or double[] reach beyond 2 GiB. */
    private void writeArray(int type, Object array, long byteOffset, int byteLength) {
        checkFits(byteLength);
        try {
            StreamCalls.write(h.handle, type, array, byteOffset, byteLength);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private int checkedBytes(int length, int elementSize) {
        long bytes = (long) length * elementSize;
        if (bytes > Integer.MAX_VALUE) {
            throw tooLarge(bytes);
        }
        return (int) bytes;
    }

    private void checkFits(long bytes) {
        if (bytes > h.maxPayloadSize()) {
            throw tooLarge(bytes);
        }
    }

    private MessageTooLargeException tooLarge(long bytes) {
        return new MessageTooLargeException("stream '" + h.name + "': payload of " + bytes
                + " bytes does not fit the " + h.maxPayloadSize() + "-byte payload area (bufferSize "
                + h.bufferSize + " minus the 20-byte header); nothing was written");
    }
}
