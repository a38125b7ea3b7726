package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void expiredDeadlineStopsAtOnce() throws InterruptedException {
        assertFalse(Backoff.pause(0, Backoff.deadline(Duration.ZERO)));
        assertFalse(Backoff.pause(0, Backoff.deadline(Duration.ofSeconds(-5))));
    }

    @Test
    void hugeTimeoutDoesNotOverflow() throws InterruptedException {
        long deadline = Backoff.deadline(Duration.ofSeconds(Long.MAX_VALUE));
        assertTrue(deadline - System.nanoTime() > 0);
        assertTrue(Backoff.pause(500, deadline));
    }

    @Test
    void waitingEndsAfterTheDeadline() throws InterruptedException {
        long deadline = Backoff.deadline(Duration.ofMillis(30));
        int round = 0;
        while (Backoff.pause(round, deadline)) {
            round++;
        }
        assertTrue(System.nanoTime() - deadline >= 0);
    }

    @Test
    void interruptIsHonoured() {
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> Backoff.pause(1000, Backoff.deadline(Duration.ofSeconds(10))));
        assertFalse(Thread.currentThread().isInterrupted());
    }
}
