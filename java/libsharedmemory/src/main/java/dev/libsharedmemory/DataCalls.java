package dev.libsharedmemory;

import java.util.Objects;

/**
 * The calls that move payloads between a direct buffer and a segment, by the cheapest route: a critical foreign downcall when
 * {@link ForeignCalls} is enabled and the try succeeds, JNI otherwise (and for every error, so
 * exceptions are always JNI's). Same contracts as the {@code *Address} entry points of
 * {@link StreamNative} and {@link QueueNative}; the range is checked here before any downcall.
 * A buffer of a java.lang.foreign Arena ({@link DirectAddress#scope}) takes
 * {@link ScopedBufferCalls} instead: its memory may be freed at any time. (Java arrays take
 * {@link ForeignCalls}' array downcalls at their call sites, with their own JNI fallbacks.)
 */
final class DataCalls {
    private DataCalls() {}

    /** {@link StreamNative#writeAddress}. */
    static void streamWrite(long handle, int type, DirectAddress direct, int position, int length) {
        if (direct.scope != null) {
            ScopedBufferCalls.streamWrite(handle, type, direct, position, length);
            return;
        }
        streamWrite(handle, type, direct.address, direct.capacity, position, length);
    }

    static void streamWrite(long handle, int type, long address, long capacity, int position, int length) {
        if (ForeignCalls.ENABLED && length <= ForeignCalls.MAX_CRITICAL_BYTES) {
            Objects.checkFromIndexSize(position, length, capacity);
            if (ForeignCalls.streamTryWrite(handle, type, address + position, length)) {
                return;
            }
        }
        StreamNative.writeAddress(handle, type, address, capacity, position, length);
    }

    /** {@link StreamNative#readAddress}. */
    static long streamRead(long handle, DirectAddress direct, int position, int room, int limit) {
        return direct.scope != null ? ScopedBufferCalls.streamRead(handle, direct, position, room, limit)
                : streamRead(handle, direct.address, direct.capacity, position, room, limit);
    }

    static long streamRead(long handle, long address, long capacity, int position, int room, int limit) {
        if (ForeignCalls.ENABLED) {
            Objects.checkFromIndexSize(position, room, capacity);
            long size = ForeignCalls.streamTryRead(handle, address + position, limit >= 0 ? Math.min(room, limit) : room);
            if (size >= 0) {
                return size;
            }
        }
        return StreamNative.readAddress(handle, address, capacity, position, room, limit);
    }

    /** {@link QueueNative#enqueueAddress}. */
    static boolean queueEnqueue(long handle, DirectAddress direct, int position, int length) {
        return direct.scope != null ? ScopedBufferCalls.queueEnqueue(handle, direct, position, length)
                : queueEnqueue(handle, direct.address, direct.capacity, position, length);
    }

    static boolean queueEnqueue(long handle, long address, long capacity, int position, int length) {
        if (ForeignCalls.ENABLED && length <= ForeignCalls.MAX_CRITICAL_BYTES) {
            Objects.checkFromIndexSize(position, length, capacity);
            int enqueued = ForeignCalls.queueTryEnqueue(handle, address + position, length);
            if (enqueued >= 0) {
                return enqueued == 1;
            }
        }
        return QueueNative.enqueueAddress(handle, address, capacity, position, length);
    }

    /** {@link QueueNative#takeAddress}. */
    static long queueTake(long handle, boolean remove, DirectAddress direct, int position, int room, int limit) {
        return direct.scope != null ? ScopedBufferCalls.queueTake(handle, remove, direct, position, room, limit)
                : queueTake(handle, remove, direct.address, direct.capacity, position, room, limit);
    }

    static long queueTake(long handle, boolean remove, long address, long capacity, int position, int room, int limit) {
        if (ForeignCalls.ENABLED) {
            Objects.checkFromIndexSize(position, room, capacity);
            long length = ForeignCalls.queueTryTake(handle, remove, address + position,
                    limit >= 0 ? Math.min(room, limit) : room);
            if (length >= 0 || length == CallResult.EMPTY) {
                return length;
            }
        }
        return QueueNative.takeAddress(handle, remove, address, capacity, position, room, limit);
    }
}
