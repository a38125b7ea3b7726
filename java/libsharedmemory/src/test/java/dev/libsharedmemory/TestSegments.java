package dev.libsharedmemory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Unique segment names for one test, removed again when the test ends (also when it fails):
 * {@code try (TestSegments names = new TestSegments()) { String n = names.next("x"); ... }}.
 * Public: the tests of java/tools use it too, through this module's test-jar.
 */
public final class TestSegments implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36)
            + Long.toString(System.nanoTime() & 0xffffff, 36);

    private final List<String> names = new ArrayList<>();

    /** A fresh name, unique across processes and runs, short enough for macOS (30 bytes). */
    public String next(String stem) {
        String shortStem = stem.length() > 8 ? stem.substring(0, 8) : stem;
        String name = "lj" + shortStem + "_" + RUN + "_" + Integer.toString(COUNTER.incrementAndGet(), 36);
        names.add(name);
        return name;
    }

    @Override
    public void close() {
        for (String name : names) {
            try {
                SharedMemory.remove(name);
            } catch (SharedMemoryException ignored) {
                // already gone, or never created
            }
        }
    }
}
