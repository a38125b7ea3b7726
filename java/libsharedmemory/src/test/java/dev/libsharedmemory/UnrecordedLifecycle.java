package dev.libsharedmemory;

/**
 * The main of a JVM that records nothing (LifecycleEventsAbsentTest): every path that reports a
 * lifecycle event runs, and nothing fails, also where the boot layer lacks jdk.jfr.
 * {@code UnrecordedLifecycle NAME with-jfr|without-jfr}: exit 0 and "ok", or 1 with the problem on stderr.
 */
public final class UnrecordedLifecycle {
    private UnrecordedLifecycle() {}

    public static void main(String[] args) {
        boolean jfrExpected = args[1].equals("with-jfr");
        if (ModuleLayer.boot().findModule("jdk.jfr").isPresent() != jfrExpected) {
            System.err.println("jdk.jfr in the boot layer: expected " + jfrExpected + ", nothing tested");
            System.exit(1);
        }
        String name = args[0];
        try (SharedMemoryWriteStream first = new SharedMemoryWriteStream(name, 64, false);
                SharedMemoryWriteStream restarted = new SharedMemoryWriteStream(name, 64, false)) {
            restarted.write("x");
            restarted.forceUnlock();
            if (!first.isStale()) {
                System.err.println("the replaced stream is not stale");
                System.exit(1);
            }
        }
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name + "q", 4, 16, false, true)) {
            queue.enqueue("x");
            queue.forceUnlockProducers();
            queue.isStale();
        }
        LifecycleEvents.followed(name, 1);
        LifecycleEvents.stale(name);
        LifecycleEvents.forcedUnlock(name, LifecycleEvents.QUEUE, "producer", LockHolder.of(1));
        // What the native library calls when a lock wait times out.
        new LockTimeoutException("timed out", name.getBytes(java.nio.charset.StandardCharsets.UTF_8), "queue",
                "queue producer lock", 1, 1_000_000);
        System.out.println("ok");
    }
}
