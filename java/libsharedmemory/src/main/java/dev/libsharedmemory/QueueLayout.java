package dev.libsharedmemory;

/**
 * The byte layout of a queue segment: wire format, shared with C++ processes built against
 * libsharedmemory 2.0.0 ({@code lsm::SharedMemoryQueue}) and with this library's native core
 * ({@code jni/core/include/lsm/queue_layout.hpp}), so these values never change. Public for
 * tools that read segments directly (the {@code lsm} tool, debuggers, peers written in other
 * languages); applications use {@link SharedMemoryQueue} instead.
 *
 * <p>Offsets are bytes from the start of the segment; every field is an unsigned 32-bit integer
 * in native byte order. The header is followed by {@code capacity} slots, each a 4-byte length
 * and {@code maxMessageSize} bytes: the segment is {@code 28 + capacity × (4 + maxMessageSize)}
 * bytes long.
 *
 * <p>A queue this library creates has a wake block of {@link #WAKE_BLOCK_SIZE} bytes after the last
 * slot (the C++ library never looks past the ring): the magic {@link #WAKE_BLOCK_MAGIC}, then one
 * byte each counting this library's consumers sleeping while the queue is empty and producers
 * sleeping while it is full, so that an enqueue or dequeue wakes them and makes no system call
 * when nobody sleeps. A queue without one (created by the C++ library) is waited on by polling.
 */
public final class QueueLayout {
    /** The next slot to write; guarded by the producer lock. */
    public static final int WRITE_INDEX_OFFSET = 0;
    /** The next slot to read; guarded by the consumer lock. */
    public static final int READ_INDEX_OFFSET = 4;
    /** The number of slots. */
    public static final int CAPACITY_OFFSET = 8;
    /** Messages in the queue (atomic): the only field producers and consumers hand over through. */
    public static final int COUNT_OFFSET = 12;
    /** The bytes a slot can hold. */
    public static final int MAX_MESSAGE_SIZE_OFFSET = 16;
    /** The lock word of producers (enqueue), decoded by {@link LockHolder}. */
    public static final int PRODUCER_LOCK_OFFSET = 20;
    /** The lock word of consumers (dequeue, peek), decoded by {@link LockHolder}. */
    public static final int CONSUMER_LOCK_OFFSET = 24;
    /** Where slot 0 starts. */
    public static final int HEADER_SIZE = 28;
    /** Each slot starts with the length of its message. */
    public static final int SLOT_LENGTH_SIZE = 4;

    /** The size of the wake block after the ring of a queue this library creates. */
    public static final int WAKE_BLOCK_SIZE = 64;
    /** The first 8 bytes of the wake block (ASCII). */
    public static final String WAKE_BLOCK_MAGIC = "lsmwake1";
    /** In the wake block: how many consumers sleep (one byte). */
    public static final int CONSUMER_WAITERS_OFFSET = 8;
    /** In the wake block: how many producers sleep (one byte). */
    public static final int PRODUCER_WAITERS_OFFSET = 9;

    private QueueLayout() {}

    /**
     * {@code 28 + capacity × (4 + maxMessageSize)} for unsigned 32-bit {@code capacity} and
     * {@code maxMessageSize}, or -1 when that does not fit a {@code long}.
     */
    public static long segmentSize(long capacity, long maxMessageSize) {
        long stride = SLOT_LENGTH_SIZE + maxMessageSize;
        if (capacity < 0 || maxMessageSize < 0 || (capacity != 0 && stride > (Long.MAX_VALUE - HEADER_SIZE) / capacity)) {
            return -1;
        }
        return HEADER_SIZE + capacity * stride;
    }

    /** Where slot {@code index} starts (its length field); the message bytes follow at + {@link #SLOT_LENGTH_SIZE}. */
    public static long slotOffset(long index, long maxMessageSize) {
        return HEADER_SIZE + index * (SLOT_LENGTH_SIZE + maxMessageSize);
    }
}
