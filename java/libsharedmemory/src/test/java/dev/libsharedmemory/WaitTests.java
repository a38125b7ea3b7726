package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.stream.Stream;

/** What the wait tests of streams and queues share. */
final class WaitTests {
    /** A sleeping peer's timeout and poll interval: only a wake-up ends its wait sooner. */
    static final String SIXTY_SECONDS_MS = "60000";
    /** How long a test waits for a woken peer to exit: far below the peer's 60 s. */
    static final long PROCESS_TIMEOUT_SECONDS = 30;

    private WaitTests() {}

    /** Every strategy. */
    static Stream<WaitStrategy> strategies() {
        return Stream.of(WaitStrategy.busySpin(), WaitStrategy.backoff(), WaitStrategy.sleep(),
                WaitStrategy.sleep(Duration.ofMillis(50)));
    }

    /** Polls a waiter count (a header or wake-block byte) until it shows one sleeper; fails after 20 s. */
    static void awaitOneSleeper(IntSupplier waiters) throws InterruptedException {
        for (long until = System.nanoTime() + Duration.ofSeconds(20).toNanos(); waiters.getAsInt() != 1;) {
            assertTrue(System.nanoTime() - until < 0, "the waiter never went to sleep");
            Thread.sleep(1);
        }
    }

    /** Runs {@code change} on a thread of its own once {@code waiters} shows one sleeper; join it. */
    static Thread onceAsleep(IntSupplier waiters, Runnable change) {
        Thread thread = new Thread(() -> {
            try {
                awaitOneSleeper(waiters);
                change.run();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    interface Blocking {
        Object call() throws InterruptedException;
    }

    /** Runs {@code call} on a thread of its own, interrupts it while it waits: InterruptedException, status cleared. */
    static void assertInterruptedWhileWaiting(Blocking call) throws Exception {
        CompletableFuture<String> ended = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                call.call();
                ended.complete("returned");
            } catch (InterruptedException e) {
                ended.complete(Thread.currentThread().isInterrupted() ? "status kept" : "interrupted");
            } catch (Throwable t) {
                ended.complete(t.toString());
            }
        });
        waiter.start();
        Thread.sleep(30);
        waiter.interrupt();
        assertEquals("interrupted", ended.get(20, TimeUnit.SECONDS));
    }
}
