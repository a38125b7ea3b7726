package dev.libsharedmemory.bench;

import java.util.concurrent.atomic.AtomicInteger;

/** What the benchmarks share: segment names unique to one JVM and run. */
final class Scenarios {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private Scenarios() {}

    static String uniqueName(String stem) {
        return "lsmbench_" + stem + "_" + ProcessHandle.current().pid() + "_" + COUNTER.getAndIncrement();
    }
}
