package dev.libsharedmemory.bench;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;

/** What the benchmarks share: segment names unique to one JVM and run, and per-thread buffers. */
final class Scenarios {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    /** Two 64-byte cache lines: x86 fetches lines in pairs. */
    private static final int LINES = 128;

    private Scenarios() {}

    static String uniqueName(String stem) {
        return "lsmbench_" + stem + "_" + ProcessHandle.current().pid() + "_" + COUNTER.getAndIncrement();
    }

    /**
     * A direct buffer of {@code size} bytes that shares no cache line with any other allocation.
     * Small direct buffers are adjacent malloc blocks: a consumer thread's destination next to a
     * producer thread's message put one line, written on every dequeue and read on every
     * enqueue, on both cores. (The native benchmark's buffers are thread_local.)
     */
    static ByteBuffer ownLinesBuffer(int size) {
        ByteBuffer padded = ByteBuffer.allocateDirect(size + 3 * LINES).alignedSlice(LINES);
        return padded.position(LINES).limit(LINES + size).slice();
    }
}
