package dev.libsharedmemory;

import java.util.Objects;

/**
 * {@link StreamCalls} and {@link QueueCalls} for a direct buffer of a java.lang.foreign Arena
 * (JDK 22+), and for a view of a shared mapping ({@link SharedViews}), whose pages another process
 * can take away: its bytes are copied by its own SharedMemory, whose fault protection turns a
 * shrunk segment into CorruptSegmentException. For an arena's buffer: closing the arena frees the
 * buffer's memory, also while a call runs in another thread, so native code never gets its
 * address. The payload passes through this thread's bounce buffer ({@link
 * Staging#bounce}), and the JDK copies between that and the arena's buffer: the JDK checks that
 * the arena is open and keeps it from freeing the memory during its copy, exactly as for any
 * other access to the buffer (IllegalStateException "Already closed" otherwise). A receive first
 * checks that the arena is open, so that a closed one leaves the queue unchanged; if the arena
 * is closed during the call, the message taken is lost with the buffer, as it would be with a
 * copy into any other freed buffer, and nothing is written after the close.
 *
 * <p>Costs one more copy of the payload than the direct route; the common buffers
 * ({@code allocateDirect}, a file's MappedByteBuffer, JNI) never come here.
 */
final class ScopedBufferCalls {
    private ScopedBufferCalls() {}

    static void streamWrite(long handle, int type, DirectAddress direct, int position, int length) {
        DirectAddress bounce = fill(direct, position, length);
        StreamCalls.write(handle, type, bounce.address, bounce.capacity, 0, length);
    }

    static boolean queueEnqueue(long handle, DirectAddress direct, int position, int length) {
        DirectAddress bounce = fill(direct, position, length);
        return QueueCalls.enqueue(handle, bounce.address, bounce.capacity, 0, length);
    }

    /** As {@link StreamCalls#read(long, long, long, int, int, int)}: the payload through a bounce buffer grown until it fits. */
    static long streamRead(long handle, DirectAddress direct, int position, int room, int limit) {
        Objects.checkFromIndexSize(position, room, direct.capacity);
        checkAlive(direct);
        int size = Math.min(room, Staging.CAPACITY);
        while (true) {
            DirectAddress bounce = Staging.current().bounce(size);
            long read = StreamCalls.read(handle, bounce.address, bounce.capacity, 0, size, limit);
            if (read >= 0) {
                return drain(bounce, direct, position, (int) read);
            }
            if (CallResult.neededSize(read) > room) {
                return read; // larger than the room (and within the limit): nothing copied
            }
            size = (int) CallResult.neededSize(read); // larger than the bounce buffer
        }
    }

    /** As {@link QueueCalls#take(long, boolean, long, long, int, int, int)}: the head message through a bounce buffer grown until it fits. */
    static long queueTake(long handle, boolean remove, DirectAddress direct, int position, int room, int limit) {
        Objects.checkFromIndexSize(position, room, direct.capacity);
        checkAlive(direct);
        int size = Math.min(room, Staging.CAPACITY);
        while (true) {
            DirectAddress bounce = Staging.current().bounce(size);
            long length = QueueCalls.take(handle, remove, bounce.address, bounce.capacity, 0, size, limit);
            if (length >= 0) {
                return drain(bounce, direct, position, (int) length);
            }
            if (length == CallResult.EMPTY || CallResult.neededSize(length) > room) {
                return length; // empty, or larger than the room (and within the limit): queue unchanged
            }
            size = (int) CallResult.neededSize(length); // larger than the bounce buffer
        }
    }

    private static void checkAlive(DirectAddress direct) {
        if (!(direct.scope instanceof SharedMemory) && direct.scope != SharedViews.ORPHAN) {
            BufferScopes.checkAlive(direct.scope);
        }
    }

    /** The bounce buffer holding direct.buffer[position, position + length). */
    private static DirectAddress fill(DirectAddress direct, int position, int length) {
        DirectAddress bounce = Staging.current().bounce(length);
        if (!(direct.scope instanceof SharedMemory view)
                || !view.copyView(direct.address + position, bounce.address, length, false)) {
            bounce.buffer.put(0, direct.buffer, position, length); // the JDK's copy
        }
        return bounce;
    }

    private static long drain(DirectAddress bounce, DirectAddress direct, int position, int length) {
        if (!(direct.scope instanceof SharedMemory view)
                || !view.copyView(direct.address + position, bounce.address, length, true)) {
            direct.buffer.put(position, bounce.buffer, 0, length);
        }
        return length;
    }
}
