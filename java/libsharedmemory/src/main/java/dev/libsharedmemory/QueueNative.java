package dev.libsharedmemory;

/**
 * JNI entry points of jni/jni/jni_queue.cpp. Handles are native pointers (lsm_queue of lsm_c.h)
 * that refuse calls after close; callers keep their queue reachable across each call.
 */
final class QueueNative {
    static {
        NativeLibrary.load();
        // Bind the foreign downcalls (JDK 22+) now, before the first segment is created, not
        // between creating it and the first write (binding takes tens of milliseconds).
        ForeignCalls.warmUp();
    }

    private QueueNative() {}

    static native long create(byte[] name, long capacity, long maxMessageSize, boolean persistent, int mode);

    static native long openOrCreate(byte[] name, long capacity, long maxMessageSize, boolean persistent, int mode);

    /** Whether the queue was created by this handle; only before it is closed. */
    static native boolean created(long handle);

    static native long open(byte[] name, long capacity, long maxMessageSize, boolean persistent);

    static native long openExisting(byte[] name, boolean persistent);

    static native long capacity(long handle);

    static native long maxMessageSize(long handle);

    /** True when enqueued, false when full. The range is checked against the array natively. */
    static native boolean enqueueArray(long handle, byte[] array, int offset, int length);

    /** Appends native memory [position, position + length) of a direct buffer (see DirectAddress). */
    static native boolean enqueueAddress(long handle, long address, long capacity, int position, int length);

    /**
     * The head message into native memory [position, position + room): its length, {@link CallResult#EMPTY}.
     * Longer than limit (negative: no limit): MessageTooLargeException, queue unchanged. Within
     * the limit but longer than room: queue unchanged, returns {@link CallResult#tooSmall}(length).
     */
    static native long takeAddress(long handle, boolean remove, long address, long capacity, int position, int room,
            int limit);

    /**
     * Enqueues {@code count} records packed as [int length, native order][bytes] in native memory
     * [address, address + used), in order, until the queue is full: the number enqueued.
     */
    static native int enqueuePacked(long handle, long address, long capacity, int used, int count);

    /**
     * Takes up to {@code max} messages into native memory as packed records: the number taken when
     * the queue became empty or max was reached; plus {@link CallResult#BATCH_MORE} when the next
     * one did not fit the room left; {@link CallResult#tooSmall}(record size) when not even the first did.
     */
    static native long takePacked(long handle, long address, long capacity, int max);

    /** The head message (removed if {@code remove}), or null when empty. */
    static native byte[] take(long handle, boolean remove);

    /** Copies the head message to array[offset..]: its length, or {@link CallResult#EMPTY}; throws if it exceeds room. */
    static native int takeArray(long handle, boolean remove, byte[] array, int offset, int room);

    static native long size(long handle);

    /** Sleeps at most {@code nanos} until the queue holds a message (true), woken by producers in any process. */
    static native boolean sleepForMessage(long handle, long nanos, long unwokenNanos);

    /** Sleeps at most {@code nanos} until the queue has room (true), woken by consumers in any process. */
    static native boolean sleepForRoom(long handle, long nanos, long unwokenNanos);

    /** Whether a change came that woke nobody (a C++ peer): the handle's sleeps are short since. For tests. */
    static native boolean unwokenPeerSeen(long handle);

    /** Wakes the threads asleep on this queue (one was interrupted); nothing once closed. */
    static native void wakeSleepers(long handle);

    static native void setLockTimeout(long handle, long nanos);

    /** True when the name no longer leads to this handle's segment (re-created or removed). */
    static native boolean isStale(long handle);

    /**
     * Maps the queue the name leads to now if it was re-created and this one is empty:
     * lsm::FollowResult (0 current, 1 pending, 2 followed). The geometry may change.
     */
    static native int follow(long handle);

    static native void destroy(long handle);

    /** The producer (or consumer) lock word, as an unsigned 32-bit value. */
    static native long lockHolder(long handle, boolean producers);

    /**
     * Takes that lock from a dead holder and repairs the queue, only while it holds {@code
     * expected} when that is not negative (one compare-and-swap): the value found.
     */
    static native long forceUnlock(long handle, boolean producers, long expected);

    /** Waits for calls in flight and unmaps (a non-persistent queue removes its name); later calls throw. */
    static native void close(long handle);

    /** Closes if still open and frees the handle: only once nothing can call it any more. */
    static native void release(long handle);
}
