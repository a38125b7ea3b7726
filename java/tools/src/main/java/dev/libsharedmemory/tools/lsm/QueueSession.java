package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.SharedMemoryQueue;

/** Opens an existing queue, first checking (read-only) that the segment is one, to say why not. */
final class QueueSession {
    private QueueSession() {}

    static SharedMemoryQueue open(String name) {
        try (OpenSegment segment = OpenSegment.open(name)) {
            Probe.requireQueue(segment.bytes());
        }
        return SharedMemoryQueue.open(name, true);
    }
}
