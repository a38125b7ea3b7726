package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.SharedMemory;

/**
 * An existing segment mapped whole for inspection. Persistent, so closing never removes the
 * name; lsm only reads through it.
 */
final class OpenSegment implements AutoCloseable {
    private final SharedMemory memory;
    private final SegmentBytes bytes;

    private OpenSegment(SharedMemory memory) {
        this.memory = memory;
        this.bytes = new SegmentBytes(memory.name(), memory.buffer(), memory.size());
    }

    static OpenSegment open(String name) {
        return new OpenSegment(SharedMemory.open(name, true));
    }

    SegmentBytes bytes() {
        return bytes;
    }

    /** True when the name now leads elsewhere: the segment was removed or re-created. */
    boolean isStale() {
        return memory.isStale();
    }

    @Override
    public void close() {
        memory.close();
    }
}
