package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** awaitNewData and waitForRead under each wait strategy: result, timeout, interruption, close. */
class StreamWaitStrategyTest {
    private static final int SIZE = 64;

    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @ParameterizedTest
    @MethodSource("dev.libsharedmemory.WaitTests#strategies")
    void waitsTimeOutAndSeeWhatIsThere(WaitStrategy strategy) throws Exception {
        String name = names.next("wstrat");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, SIZE, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true)) {
            out.setWaitStrategy(strategy);
            in.setWaitStrategy(strategy);
            assertEquals(strategy, in.waitStrategy());
            assertFalse(in.awaitNewData(Duration.ZERO));
            assertFalse(in.awaitNewData(Duration.ofMillis(20)));
            out.write("x");
            assertFalse(out.waitForRead(Duration.ofMillis(20)));
            assertTrue(in.awaitNewData(Duration.ofMillis(20)));
            in.markAsRead();
            assertTrue(out.waitForRead(Duration.ofMillis(20)));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.libsharedmemory.WaitTests#strategies")
    void anInterruptEndsEitherWaitAndIsCleared(WaitStrategy strategy) throws Exception {
        String name = names.next("wintr");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, SIZE, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true)) {
            out.setWaitStrategy(strategy);
            in.setWaitStrategy(strategy);
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> in.awaitNewData(Duration.ofSeconds(60)));
            assertFalse(Thread.currentThread().isInterrupted());
            out.write("y");
            WaitTests.assertInterruptedWhileWaiting(() -> out.waitForRead(Duration.ofSeconds(60)));
            in.markAsRead();
            WaitTests.assertInterruptedWhileWaiting(() -> in.awaitNewData(Duration.ofSeconds(60)));
        }
    }

    @ParameterizedTest
    @MethodSource("dev.libsharedmemory.WaitTests#strategies")
    void closeFromAnotherThreadEndsAWait(WaitStrategy strategy) throws Exception {
        String name = names.next("wclose");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, SIZE, true)) {
            SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true);
            in.setWaitStrategy(strategy);
            CompletableFuture<Throwable> ended = CompletableFuture.supplyAsync(() -> {
                try {
                    in.awaitNewData(Duration.ofSeconds(60));
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            Thread.sleep(50); // usually asleep by now; if not, the wait starts closed: the same ending
            in.close();
            assertTrue(ended.get(20, TimeUnit.SECONDS) instanceof SegmentClosedException);
        }
    }

    @Test
    void theDefaultIsSleepAndNullIsRefused() {
        String name = names.next("wdef");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, SIZE, true)) {
            assertEquals(WaitStrategy.sleep(), out.waitStrategy());
            assertEquals(WaitStrategy.DEFAULT_PEER_POLL_INTERVAL, out.waitStrategy().peerPollInterval());
            assertThrows(NullPointerException.class, () -> out.setWaitStrategy(null));
            assertThrows(IllegalArgumentException.class, () -> WaitStrategy.sleep(Duration.ZERO));
        }
    }
}
