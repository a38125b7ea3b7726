package dev.libsharedmemory;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * A property loop of our own (no jqwik here): rounds of random cases from one seed, for a
 * bounded time. Every call a case makes goes through {@link #call}, which records any outcome
 * the property does not allow; {@link #finish()} fails with the seed, the round and the calls,
 * so a failure replays with {@code -Dlsm.seed=SEED}.
 */
final class SeededRandomLoop {
    /** One call of a case. */
    interface Call {
        void run() throws Exception;
    }

    final SplittableRandom random;
    private final String property;
    private final long seed;
    private final long deadline;
    private final int maxRounds;
    private final List<String> failures = new ArrayList<>();
    private int round = -1;

    SeededRandomLoop(String property, long millis, int maxRounds) {
        this.property = property;
        this.seed = Long.getLong("lsm.seed", System.nanoTime());
        this.random = new SplittableRandom(seed);
        this.deadline = System.nanoTime() + millis * 1_000_000L;
        this.maxRounds = maxRounds;
        System.out.println(property + ": seed " + seed + " (replay with -Dlsm.seed=" + seed + ")");
    }

    /** True while time and rounds remain and nothing failed yet. */
    boolean nextRound() {
        round++;
        return failures.isEmpty() && round < maxRounds && System.nanoTime() - deadline < 0;
    }

    int rounds() {
        return round;
    }

    /** Runs {@code call}; a returned value or an exception {@code allowed} accepts is fine, anything else is recorded. */
    void call(String what, Predicate<Throwable> allowed, Call call) {
        try {
            call.run();
        } catch (Throwable thrown) {
            if (!allowed.test(thrown)) {
                StringBuilder message = new StringBuilder("round " + round + ", " + what + ": unexpected " + thrown);
                for (StackTraceElement frame : thrown.getStackTrace()) {
                    message.append("\n    at ").append(frame);
                }
                failures.add(message.toString());
            }
        }
    }

    /** Records a broken expectation that is not an exception. */
    void fail(String what) {
        failures.add("round " + round + ": " + what);
    }

    /** Throws an AssertionError naming the seed when any call failed. */
    void finish() {
        System.out.println(property + ": " + round + " rounds, " + failures.size() + " failure(s)");
        if (!failures.isEmpty()) {
            throw new AssertionError("seed " + seed + " (replay with -Dlsm.seed=" + seed + "), "
                    + failures.size() + " failure(s):\n" + String.join("\n", failures));
        }
    }

    /** The library's own exceptions: what a hostile segment may cause. */
    static boolean libraryError(Throwable thrown) {
        return thrown instanceof SharedMemoryException;
    }

    /** The idiomatic Java argument errors, or the library's. */
    static boolean argumentError(Throwable thrown) {
        return thrown instanceof NullPointerException
                || thrown instanceof IndexOutOfBoundsException
                || thrown instanceof IllegalArgumentException
                || thrown instanceof java.nio.ReadOnlyBufferException
                || thrown instanceof SharedMemoryException;
    }

    int pick(int... choices) {
        return choices[random.nextInt(choices.length)];
    }

    long pick(long... choices) {
        return choices[random.nextInt(choices.length)];
    }
}
