package dev.libsharedmemory;

/**
 * The byte layout of a stream segment: wire format, shared with C++ processes built against
 * libsharedmemory 2.0.0 ({@code SharedMemoryWriteStream} / {@code SharedMemoryReadStream}) and
 * with this library's native core ({@code jni/core/include/lsm/stream_layout.hpp}), so these
 * values never change. Public for tools that read segments directly (the {@code lsm} tool,
 * debuggers, peers written in other languages); applications use the stream classes instead.
 *
 * <p>Offsets are bytes from the start of the segment; multi-byte fields are unsigned 32-bit
 * integers in native byte order. The segment size is the {@code bufferSize} both sides pass,
 * header included.
 */
public final class StreamLayout {
    /** 1 byte: the data type bit ({@link #TYPE_STRING}, {@link #TYPE_FLOAT}, {@link #TYPE_DOUBLE}) plus {@link #CHANGE_BIT}. */
    public static final int FLAGS_OFFSET = 0;
    /**
     * 1 byte of padding (zero for C++ peers): this library's writers set it to {@link #WRITE_MARK}
     * while they copy a payload, so that whoever takes the lock over from a writer that died
     * mid-copy knows the payload is torn and empties it. C++ peers never read or write it.
     */
    public static final int WRITE_MARK_OFFSET = 1;
    /** 4 bytes: incremented once per completed write (atomic, release). */
    public static final int REVISION_OFFSET = 4;
    /** 4 bytes: the revision a reader last acknowledged ({@code markAsRead}). */
    public static final int ACK_OFFSET = 8;
    /** 4 bytes: the payload length in bytes, written and read under the lock. */
    public static final int SIZE_OFFSET = 12;
    /** 4 bytes: the stream's lock word, decoded by {@link LockHolder}. */
    public static final int LOCK_OFFSET = 16;
    /** Where the payload starts: UTF-8 bytes, float32 or float64 values. */
    public static final int DATA_OFFSET = 20;
    /** The header is everything before the payload; the payload area is the segment size minus this. */
    public static final int HEADER_SIZE = DATA_OFFSET;

    /** The flags bit that flips on every write. */
    public static final int CHANGE_BIT = 1;
    /** Type bit: UTF-8 text or raw bytes ({@code kMemoryTypeString}). */
    public static final int TYPE_STRING = 2;
    /** Type bit: float32 values ({@code kMemoryTypeFloat}). */
    public static final int TYPE_FLOAT = 4;
    /** Type bit: float64 values ({@code kMemoryTypeDouble}). */
    public static final int TYPE_DOUBLE = 8;
    /** The flags bits that carry the type. */
    public static final int TYPE_MASK = 0xFF & ~CHANGE_BIT;

    /** The value of the byte at {@link #WRITE_MARK_OFFSET} while one of our writers copies a payload ('W'). */
    public static final int WRITE_MARK = 0x57;

    private StreamLayout() {}

    /** The largest payload a stream segment of {@code segmentSize} bytes holds (0 when it cannot hold the header). */
    public static long maxPayload(long segmentSize) {
        return Math.max(0, segmentSize - HEADER_SIZE);
    }
}
