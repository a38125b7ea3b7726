package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.SharedMemory;
import dev.libsharedmemory.SharedMemoryException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** Unique segment names for one test, removed when it ends: {@code try (Names names = new Names()) {...}}. */
final class Names implements AutoCloseable {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36)
            + Long.toString(System.nanoTime() & 0xffffff, 36);

    private final List<String> names = new ArrayList<>();

    /** A fresh name, unique across processes and runs, short enough for macOS (30 bytes). */
    String next(String stem) {
        String shortStem = stem.length() > 6 ? stem.substring(0, 6) : stem;
        String name = "lc" + shortStem + "_" + RUN + "_" + Integer.toString(COUNTER.incrementAndGet(), 36);
        names.add(name);
        return name;
    }

    @Override
    public void close() {
        for (String name : names) {
            try {
                SharedMemory.remove(name);
            } catch (SharedMemoryException ignored) {
                // never created
            }
        }
    }
}
