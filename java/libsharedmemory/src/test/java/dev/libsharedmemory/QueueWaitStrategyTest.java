package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The queue's blocking calls under each wait strategy: results, timeouts, interruption, close. */
class QueueWaitStrategyTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    private SharedMemoryQueue queue(WaitStrategy strategy) {
        SharedMemoryQueue queue = new SharedMemoryQueue(names.next("qstrat"), 1, 8, true, true);
        queue.setWaitStrategy(strategy);
        assertEquals(strategy, queue.waitStrategy());
        return queue;
    }

    @ParameterizedTest
    @MethodSource("dev.libsharedmemory.WaitTests#strategies")
    void blockingCallsReturnWhatIsThereAndTimeOut(WaitStrategy strategy) throws Exception {
        try (SharedMemoryQueue queue = queue(strategy)) {
            assertNull(queue.poll(Duration.ofMillis(20)));
            assertNull(queue.pollString(Duration.ZERO));
            assertEquals(-1, queue.poll(ByteBuffer.allocate(8), Duration.ofMillis(5)));
            queue.put("a");
            assertFalse(queue.offer("b", Duration.ofMillis(20)));
            assertFalse(queue.offer(new byte[] {1}, Duration.ZERO));
            assertFalse(queue.offer(ByteBuffer.wrap(new byte[] {1}), Duration.ofMillis(5)));
            assertEquals("a", queue.takeString());
            queue.put(new byte[] {7});
            assertArrayEquals(new byte[] {7}, queue.take());
            queue.put(ByteBuffer.wrap(new byte[] {8, 9}));
            ByteBuffer into = ByteBuffer.allocate(8);
            assertEquals(2, queue.take(into));
            assertEquals(2, into.position());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.libsharedmemory.WaitTests#strategies")
    void anInterruptEndsEveryBlockingCallAndIsCleared(WaitStrategy strategy) throws Exception {
        try (SharedMemoryQueue queue = queue(strategy)) {
            WaitTests.assertInterruptedWhileWaiting(queue::take);
            WaitTests.assertInterruptedWhileWaiting(queue::takeString);
            WaitTests.assertInterruptedWhileWaiting(() -> queue.take(ByteBuffer.allocate(8)));
            WaitTests.assertInterruptedWhileWaiting(() -> queue.poll(Duration.ofSeconds(60)));
            queue.put("full");
            WaitTests.assertInterruptedWhileWaiting(() -> {
                queue.put("x");
                return null;
            });
            WaitTests.assertInterruptedWhileWaiting(() -> queue.offer("x", Duration.ofSeconds(60)));
            Thread.currentThread().interrupt(); // already interrupted: at once, when it would wait
            assertThrows(InterruptedException.class, () -> queue.put(new byte[] {1}));
            assertFalse(Thread.interrupted());
        }
    }

    @ParameterizedTest
    @MethodSource("dev.libsharedmemory.WaitTests#strategies")
    void closeFromAnotherThreadEndsASleepingTake(WaitStrategy strategy) throws Exception {
        SharedMemoryQueue queue = queue(WaitStrategy.sleep(Duration.ofSeconds(60)));
        queue.setWaitStrategy(strategy);
        CompletableFuture<Throwable> ended = CompletableFuture.supplyAsync(() -> {
            try {
                queue.take();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.sleep(50);
        queue.close();
        assertTrue(ended.get(20, TimeUnit.SECONDS) instanceof SegmentClosedException);
    }

    @Test
    void theDefaultIsSleep() {
        try (SharedMemoryQueue queue = new SharedMemoryQueue(names.next("qdef"), 1, 8, true, true)) {
            assertEquals(WaitStrategy.sleep(), queue.waitStrategy());
            assertThrows(NullPointerException.class, () -> queue.setWaitStrategy(null));
        }
    }
}
