package dev.libsharedmemory;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The child JVM of {@link LockWaitAllocationTest}: {@code AllocatingDuringLockWait QUEUE
 * ALLOCATIONS}. The queue's producer lock is held by a peer. One thread enqueues an 8 KiB message
 * and so waits for the lock; meanwhile this thread allocates ALLOCATIONS arrays of 1 MiB (a small
 * heap: each few of them need a collection), then frees the lock. Prints how many allocations had
 * completed when the enqueue returned: all of them unless the waiting enqueue held off the GC.
 */
public final class AllocatingDuringLockWait {
    /** Where the garbage goes, so that no allocation is optimized away. */
    static volatile byte[] lastGarbage;

    private AllocatingDuringLockWait() {}

    public static void main(String[] args) throws Exception {
        int allocations = Integer.parseInt(args[1]);
        AtomicInteger allocated = new AtomicInteger();
        try (SharedMemoryQueue queue = SharedMemoryQueue.open(args[0], true)) {
            queue.setLockTimeout(Duration.ofSeconds(20)); // ends the wait, should the GC be held off
            CountDownLatch started = new CountDownLatch(1);
            int[] seenWhenEnqueued = {-1};
            Thread producer = new Thread(() -> {
                started.countDown();
                try {
                    queue.enqueue(new byte[8192]);
                } catch (LockTimeoutException e) {
                    System.out.println("enqueue timed out");
                } finally {
                    seenWhenEnqueued[0] = allocated.get();
                }
            }, "producer");
            producer.start();
            started.await();
            Thread.sleep(200); // into its lock wait (it cannot leave it before the lock is freed)
            for (int i = 0; i < allocations; i++) {
                lastGarbage = new byte[1 << 20];
                allocated.incrementAndGet();
            }
            queue.forceUnlockProducers(); // the producer takes the abandoned lock over and enqueues
            producer.join();
            System.out.println("allocated " + seenWhenEnqueued[0] + " of " + allocations + " before the enqueue returned");
            System.out.println("queue size " + queue.size());
        }
    }
}
