package dev.libsharedmemory.tools.lsm;

import java.nio.ByteBuffer;

/**
 * Read-only, bounds-checked access to a mapped segment. Every offset and length comes from
 * the segment itself (another process writes it), so each read is checked against the
 * mapping and a field pointing outside it is reported as a corrupt segment, never read.
 */
final class SegmentBytes {
    private final String name;
    private final ByteBuffer buffer;
    private final long size;

    /** {@code size} is the object's real size; reads are limited to what {@code buffer} maps. */
    SegmentBytes(String name, ByteBuffer buffer, long size) {
        this.name = name;
        this.buffer = buffer;
        this.size = size;
    }

    String name() {
        return name;
    }

    /** The size of the shared memory object. */
    long size() {
        return size;
    }

    /** True when {@code length} bytes at {@code offset} lie inside the mapping. */
    boolean contains(long offset, long length) {
        return offset >= 0 && length >= 0 && offset <= buffer.capacity() && length <= buffer.capacity() - offset;
    }

    int u8(long offset) {
        check(offset, 1);
        return buffer.get((int) offset) & 0xff;
    }

    /** An unsigned 32-bit field in native byte order. */
    long u32(long offset) {
        check(offset, 4);
        return buffer.getInt((int) offset) & 0xffff_ffffL;
    }

    /** A copy of {@code length} bytes at {@code offset}. */
    byte[] copy(long offset, int length) {
        check(offset, length);
        byte[] bytes = new byte[length];
        buffer.get((int) offset, bytes);
        return bytes;
    }

    private void check(long offset, long length) {
        if (!contains(offset, length)) {
            throw LsmException.wrongKind("segment '" + name + "': " + length + " bytes at offset " + offset
                    + " lie outside its " + buffer.capacity() + "-byte mapping");
        }
    }
}
