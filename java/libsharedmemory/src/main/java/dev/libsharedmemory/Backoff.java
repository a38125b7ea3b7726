package dev.libsharedmemory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link WaitStrategy#backoff()}, and {@link WaitStrategy#sleep()} where the platform has no
 * cross-process address wait: spin briefly, then yield, then park with growing pauses, so a wait
 * never burns a core for long, honours its deadline and answers interrupts. Allocation-free, for
 * use in a loop:
 *
 * <pre>{@code
 * long deadline = Backoff.deadline(timeout);
 * for (int round = 0; !tryOnce(); round++) {
 *     if (!Backoff.pause(round, deadline)) return false; // timed out
 * }
 * }</pre>
 */
final class Backoff {
    private static final int SPIN_ROUNDS = 64;
    private static final int YIELD_ROUNDS = 128;
    private static final long MIN_PARK_NANOS = 1_000L;
    private static final long MAX_PARK_NANOS = 1_000_000L;

    private Backoff() {}

    /** The System.nanoTime() deadline for a timeout; a huge timeout saturates instead of overflowing. */
    static long deadline(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        long nanos;
        try {
            nanos = timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        long now = System.nanoTime();
        long deadline = now + Math.max(0L, nanos);
        return deadline - now < 0 ? now + Long.MAX_VALUE : deadline; // overflow check
    }

    /**
     * What a method that declares InterruptedException throws when a lock wait inside it was
     * interrupted: InterruptedException, with the interrupt status cleared as its contract says.
     */
    static InterruptedException interruption(LockWaitInterruptedException cause) {
        Thread.interrupted();
        InterruptedException e = new InterruptedException(cause.getMessage());
        e.initCause(cause);
        return e;
    }

    /**
     * Waits a little, more the higher {@code round} is. Returns false once the deadline has
     * passed (without waiting); throws InterruptedException if the thread is interrupted.
     */
    static boolean pause(int round, long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return false;
        }
        if (round < SPIN_ROUNDS) {
            Thread.onSpinWait();
        } else if (round < SPIN_ROUNDS + YIELD_ROUNDS) {
            Thread.yield();
        } else {
            int parkStep = Math.min(round - SPIN_ROUNDS - YIELD_ROUNDS, 10);
            LockSupport.parkNanos(Math.min(remaining, Math.min(MAX_PARK_NANOS, MIN_PARK_NANOS << parkStep)));
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
        return true;
    }
}
