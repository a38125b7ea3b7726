package dev.libsharedmemory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The queue data calls by route, as {@link StreamCalls} for streams: a critical foreign downcall
 * when bound and the try succeeds, JNI otherwise and for every error. Owns the retry and resize
 * loops; answers are typed for the public class: a length, -1 when the queue is empty, a message
 * or null. Every (array, offset, length) and (buffer, position, length) is checked here as it is
 * passed on.
 */
final class QueueCalls {
    /** The length answered when the queue is empty (the public API's). */
    static final int EMPTY = -1;

    private QueueCalls() {}

    // ---- enqueue ----

    /**
     * One sleep of at most {@code nanos} until the queue holds a message. Always JNI, never a
     * critical downcall: a thread sleeping in one would hold off every safepoint of the JVM.
     */
    static void sleepForMessage(long queue, long nanos, long unwokenNanos) {
        QueueNative.sleepForMessage(queue, nanos, unwokenNanos);
    }

    /** One sleep of at most {@code nanos} until the queue has room; JNI. */
    static void sleepForRoom(long queue, long nanos, long unwokenNanos) {
        QueueNative.sleepForRoom(queue, nanos, unwokenNanos);
    }

    /** Enqueues {@code message[offset, offset + length)}: false when the queue is full. */
    static boolean enqueue(long queue, byte[] message, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, message.length);
        if (ForeignCalls.ENABLED && length <= ForeignCalls.MAX_CRITICAL_BYTES) { // the array itself, one copy
            int enqueued = ForeignCalls.queueTryEnqueue(queue, message, offset, length);
            if (enqueued >= 0) {
                return enqueued == CallResult.ENQUEUED;
            }
        } else if (length <= Staging.CAPACITY) { // JNI, small: through this thread's staging buffer
            Staging staging = Staging.current();
            staging.bytes.put(0, message, offset, length);
            return QueueNative.enqueueAddress(queue, staging.native_.address, staging.native_.capacity, 0, length);
        }
        return QueueNative.enqueueArray(queue, message, offset, length);
    }

    /** Enqueues a direct buffer's [position, position + length): false when the queue is full. */
    static boolean enqueue(long queue, DirectAddress direct, int position, int length) {
        return direct.scope != null ? ScopedBufferCalls.queueEnqueue(queue, direct, position, length)
                : enqueue(queue, direct.address, direct.capacity, position, length);
    }

    /** Enqueues native memory [position, position + length) of {@code capacity} bytes at {@code address}. */
    static boolean enqueue(long queue, long address, long capacity, int position, int length) {
        if (ForeignCalls.ENABLED && length <= ForeignCalls.MAX_CRITICAL_BYTES) {
            Objects.checkFromIndexSize(position, length, capacity);
            int enqueued = ForeignCalls.queueTryEnqueue(queue, address + position, length);
            if (enqueued >= 0) {
                return enqueued == CallResult.ENQUEUED;
            }
        }
        return QueueNative.enqueueAddress(queue, address, capacity, position, length);
    }

    // ---- take into the caller's memory ----

    /**
     * The head message (removed if {@code remove}) into a direct buffer's [position, position +
     * room): its length, or {@link #EMPTY}. Larger than the room: MessageTooLargeException, queue unchanged.
     */
    static int take(long queue, boolean remove, DirectAddress direct, int position, int room) {
        long taken = take(queue, remove, direct, position, room, room);
        return taken == CallResult.EMPTY ? EMPTY : (int) taken;
    }

    /**
     * As above with a separate {@code limit} (negative: none): within it but larger than the
     * room answers {@link CallResult#tooSmall}(length); empty answers {@link CallResult#EMPTY}.
     */
    static long take(long queue, boolean remove, DirectAddress direct, int position, int room, int limit) {
        return direct.scope != null ? ScopedBufferCalls.queueTake(queue, remove, direct, position, room, limit)
                : take(queue, remove, direct.address, direct.capacity, position, room, limit);
    }

    /** As {@link #take(long, boolean, DirectAddress, int, int, int)} into native memory of {@code capacity} bytes. */
    static long take(long queue, boolean remove, long address, long capacity, int position, int room, int limit) {
        if (ForeignCalls.ENABLED) {
            Objects.checkFromIndexSize(position, room, capacity);
            long length = ForeignCalls.queueTryTake(queue, remove, address + position,
                    limit >= 0 ? Math.min(room, limit) : room);
            if (length >= 0 || length == CallResult.EMPTY) {
                return length;
            }
        }
        return QueueNative.takeAddress(queue, remove, address, capacity, position, room, limit);
    }

    /**
     * The head message (removed if {@code remove}) into {@code array[offset, offset + room)}: its
     * length, or {@link #EMPTY}. Larger than the room: {@link MessageTooLargeException}, queue unchanged.
     */
    static int take(long queue, boolean remove, byte[] array, int offset, int room) {
        Objects.checkFromIndexSize(offset, room, array.length); // before a message is taken
        long taken;
        if (ForeignCalls.ENABLED) { // the array itself, one copy
            taken = ForeignCalls.queueTryTake(queue, remove, array, offset, Math.min(room, ForeignCalls.MAX_CRITICAL_BYTES));
        } else { // JNI: a small message through this thread's staging buffer
            Staging staging = Staging.current();
            taken = QueueNative.takeAddress(queue, remove, staging.native_.address, staging.native_.capacity, 0,
                    Math.min(room, Staging.CAPACITY), room);
            if (taken >= 0) {
                staging.bytes.get(0, array, offset, (int) taken);
            }
        }
        if (taken < 0 && taken != CallResult.EMPTY) {
            // Larger than the staging buffer (still in the queue), or the try failed: JNI.
            taken = QueueNative.takeArray(queue, remove, array, offset, room);
        }
        return taken == CallResult.EMPTY ? EMPTY : (int) taken;
    }

    // ---- take into new arrays ----

    /** The head message (removed if {@code remove}), or null when the queue is empty. */
    static byte[] take(long queue, boolean remove) {
        Staging staging = Staging.current();
        long length = takeIntoScratch(queue, remove, staging);
        return length >= 0 ? Arrays.copyOf(staging.heapBytes(), (int) length)
                : length == CallResult.EMPTY ? null : takeLarger(queue, remove, length);
    }

    /** As {@link #take(long, boolean)}, decoded as UTF-8 straight from the scratch array when small. */
    static String takeString(long queue, boolean remove) {
        Staging staging = Staging.current();
        long length = takeIntoScratch(queue, remove, staging);
        if (length >= 0) {
            return new String(staging.heapBytes(), 0, (int) length, StandardCharsets.UTF_8);
        }
        byte[] message = length == CallResult.EMPTY ? null : takeLarger(queue, remove, length);
        return message == null ? null : new String(message, StandardCharsets.UTF_8);
    }

    /**
     * A small head message into this thread's heap scratch array {@code staging.heapBytes()}: its
     * length, {@link CallResult#EMPTY}; otherwise left in the queue: {@link CallResult#tooSmall}(length)
     * when it is larger, another negative answer when JNI must take it.
     */
    private static long takeIntoScratch(long queue, boolean remove, Staging staging) {
        byte[] scratch = staging.heapBytes();
        if (ForeignCalls.ENABLED) { // straight into the array
            return ForeignCalls.queueTryTake(queue, remove, scratch, 0, scratch.length);
        }
        // JNI: through the direct staging buffer.
        long length = QueueNative.takeAddress(queue, remove, staging.native_.address, staging.native_.capacity, 0,
                Staging.CAPACITY, -1);
        if (length >= 0) {
            staging.bytes.get(0, scratch, 0, (int) length);
        }
        return length;
    }

    /** The head message that {@link #takeIntoScratch} left in the queue ({@code answer}: what it said). */
    private static byte[] takeLarger(long queue, boolean remove, long answer) {
        if (ForeignCalls.ENABLED && CallResult.isTooSmall(answer)) { // its length is known: an array of that size
            return takeNewArray(queue, remove, (int) CallResult.neededSize(answer));
        }
        return QueueNative.take(queue, remove);
    }

    /**
     * The head message, {@code length} bytes long when last seen, into a new array of that
     * length (one copy; JDK 22+). Another consumer may take it meanwhile: then the new head.
     */
    private static byte[] takeNewArray(long queue, boolean remove, int length) {
        while (length <= ForeignCalls.MAX_CRITICAL_BYTES) {
            byte[] message = new byte[length];
            long taken = ForeignCalls.queueTryTake(queue, remove, message, 0, length);
            if (taken == length) {
                return message;
            }
            if (taken >= 0) { // a shorter head
                return Arrays.copyOf(message, (int) taken);
            }
            if (taken == CallResult.EMPTY) {
                return null;
            }
            if (!CallResult.isTooSmall(taken)) {
                break; // JNI must take it
            }
            length = (int) CallResult.neededSize(taken); // a longer head
        }
        return QueueNative.take(queue, remove);
    }

    // ---- batches ----

    /**
     * Enqueues the {@code count} records packed in {@code batch[0, used)} (this thread's staging
     * buffer) until the queue is full: the number enqueued, plus {@link CallResult#BATCH_MORE}
     * when a try stopped early (enqueue the rest again).
     */
    static long enqueuePacked(long queue, DirectAddress batch, int used, int count) {
        if (ForeignCalls.ENABLED && used <= ForeignCalls.MAX_CRITICAL_BYTES) {
            Objects.checkFromIndexSize(0, used, batch.capacity);
            long enqueued = ForeignCalls.queueTryEnqueuePacked(queue, batch.address, used, count);
            if (enqueued >= 0) {
                return enqueued;
            }
        }
        return QueueNative.enqueuePacked(queue, batch.address, batch.capacity, used, count);
    }

    /**
     * Takes up to {@code max} messages into {@code batch} as packed records: the number taken, plus
     * {@link CallResult#BATCH_MORE} when the next one did not fit; {@link CallResult#tooSmall} when
     * not even the first did.
     */
    static long takePacked(long queue, DirectAddress batch, int max) {
        if (ForeignCalls.ENABLED && batch.capacity <= ForeignCalls.MAX_CRITICAL_BYTES) {
            long taken = ForeignCalls.queueTryTakePacked(queue, batch.address, (int) batch.capacity, max);
            if (taken >= 0 || CallResult.isTooSmall(taken)) {
                return taken;
            }
        }
        return QueueNative.takePacked(queue, batch.address, batch.capacity, max);
    }
}
