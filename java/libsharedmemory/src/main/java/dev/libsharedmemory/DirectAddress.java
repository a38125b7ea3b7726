package dev.libsharedmemory;

import java.nio.ByteBuffer;

/**
 * A direct buffer with its native address, asked from the JVM once: the address of a direct
 * buffer never changes while the buffer is reachable, and this object holds it strongly (callers
 * also keep the buffer reachable across the native call). Hot native calls then take
 * (address, capacity, position, length) and check the range against the capacity natively,
 * instead of calling GetDirectBufferAddress/Capacity back into the JVM on every call. That holds
 * for every direct buffer except an Arena's ({@link #scope}).
 *
 * <p>Handles find them through a {@link DirectAddressCache}; the object is immutable, so
 * publishing it through a data race is safe.
 */
final class DirectAddress {
    final ByteBuffer buffer;
    final long address;
    final long capacity;
    /**
     * The scope of the java.lang.foreign Arena that owns the buffer's memory (JDK 22+), or null
     * when that memory lives as long as the buffer: a scoped buffer's address may be freed at any
     * time, so it never goes to native code ({@link ScopedBufferCalls}). For a view of a shared
     * mapping, whose pages another process can take away, the same route: its {@link SharedMemory}
     * (held, so that its copier lives as long as this), or {@link SharedViews#ORPHAN}.
     */
    final Object scope;

    private DirectAddress(ByteBuffer buffer, long address) {
        this.buffer = buffer;
        this.address = address;
        this.capacity = buffer.capacity();
        Object view = SharedViews.ownerOf(address);
        this.scope = view != null ? view : BufferScopes.of(buffer);
    }

    /** Asks the JVM for the address of {@code buffer} (direct; else {@link InvalidArgumentException}). */
    static DirectAddress of(ByteBuffer buffer) {
        long address = BufferNative.address(buffer);
        if (address == 0) {
            throw new InvalidArgumentException("the ByteBuffer is not direct");
        }
        return new DirectAddress(buffer, address);
    }
}
