package dev.libsharedmemory;

import java.time.Duration;

/**
 * The one wait loop of every blocking call ({@code awaitNewData}, {@code waitForRead},
 * {@code offer}, {@code poll}, {@code put}, {@code take}): tries, then waits as the handle's
 * {@link WaitStrategy} says, until the deadline. An interrupt during a lock wait inside a try
 * throws InterruptedException as one during the wait does (status cleared, the
 * {@link LockWaitInterruptedException} as its cause).
 */
final class Waits {
    /** One non-blocking try of a blocking call: its result, or null for "not yet". */
    @FunctionalInterface
    interface Attempt<T> {
        T tryOnce();
    }

    private Waits() {}

    /** The first non-null result of {@code attempt}; null once {@code timeout} has passed. */
    static <T> T await(Attempt<T> attempt, Duration timeout, WaitStrategy strategy, WaitTarget target)
            throws InterruptedException {
        long deadline = Backoff.deadline(timeout);
        SleepInterruptor interruptor = null; // entered once the first try failed, for the rest of the wait
        try {
            for (int round = 0;; round = Math.min(round + 1, 1 << 20)) {
                T result = attempt.tryOnce();
                if (result != null) {
                    return result;
                }
                if (interruptor == null && strategy.sleepsInKernel()) {
                    interruptor = SleepInterruptor.enter();
                }
                if (!strategy.pause(round, deadline, target, interruptor)) {
                    return null;
                }
                target.followIfRecreated(); // a new object is tried at once: the next try uses it
            }
        } catch (LockWaitInterruptedException e) {
            throw Backoff.interruption(e);
        } finally {
            if (interruptor != null) {
                interruptor.leave();
            }
        }
    }
}
