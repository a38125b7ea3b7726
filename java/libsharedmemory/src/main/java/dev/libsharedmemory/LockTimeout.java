package dev.libsharedmemory;

import java.time.Duration;

/** The {@code setLockTimeout(Duration)} argument of streams and queues, checked alike. */
final class LockTimeout {
    private LockTimeout() {}

    /**
     * {@code timeout} in nanoseconds (saturated at Long.MAX_VALUE). Null or negative:
     * {@link InvalidArgumentException} naming {@code subject} (e.g. "queue 'jobs'"), on streams and
     * queues the same, as for every other bad argument value of these calls.
     */
    static long nanos(String subject, Duration timeout) {
        if (timeout == null || timeout.isNegative()) {
            throw new InvalidArgumentException(subject + ": lock timeout must be a non-negative Duration, was " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }
}
