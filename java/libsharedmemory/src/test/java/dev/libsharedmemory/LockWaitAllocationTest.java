package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A call waiting for a lock held by another process must not hold off the garbage collector:
 * with SerialGC and ParallelGC an array pinned through JNI (GetPrimitiveArrayCritical) blocks
 * every collection, so every allocating thread of the JVM would stall until the wait ends. A
 * child JVM (small heap, the GC under test) allocates while one of its threads waits in
 * {@code enqueue(byte[8192])}; every allocation must complete before that enqueue returns.
 */
@DisabledOnOs(OS.WINDOWS)
class LockWaitAllocationTest {
    private static final int ALLOCATIONS = 200;

    @ParameterizedTest(name = "{0}, ffm {1}")
    @CsvSource({"-XX:+UseSerialGC, true", "-XX:+UseParallelGC, true", "-XX:+UseSerialGC, false",
            "-XX:+UseParallelGC, false"})
    void allocationsGoOnWhileAnEnqueueWaitsForTheLock(String gc, boolean ffm) throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemoryQueue queue = new SharedMemoryQueue(names.next("qpin"), 4, 16384, true, true)) {
            // A C++ libsharedmemory producer that died holding the lock: nothing frees it by itself.
            HeldLocks.peerHolding("queue-hold", queue.name(), "producer", "--stage", "slot", "--upstream").kill();
            List<String> command = Processes.jvmCommand(AllocatingDuringLockWait.class, queue.name(),
                    Integer.toString(ALLOCATIONS));
            command.addAll(1, List.of(gc, "-Xmx48m", "-D" + ForeignCalls.PROPERTY + "=" + ffm));
            String out = Processes.run(command).assertSuccess().out();
            assertTrue(out.contains("allocated " + ALLOCATIONS + " of " + ALLOCATIONS + " before the enqueue returned"),
                    out);
            assertTrue(out.contains("queue size 1"), out);
        }
    }
}
