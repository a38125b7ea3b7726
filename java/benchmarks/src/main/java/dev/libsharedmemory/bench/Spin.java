package dev.libsharedmemory.bench;

/**
 * How benchmark threads wait for a free slot or a message: spin for up to {@link #SPIN_NANOS}
 * of wall time, then yield. The native benchmark (jni/bench/harness.hpp, pause()) waits the
 * same way. The limit is in time, not in rounds, because a round costs more in Java (a JNI
 * call) than in C++: a round-count limit made the native side yield much sooner and so look
 * slower in the cross-process scenarios.
 */
final class Spin {
    static final long SPIN_NANOS = 50_000;

    private Spin() {}

    /**
     * One round of waiting. Call with round 0, 1, 2... and pass back what it returned:
     * {@code for (int round = 0; !ready(); round++) since = Spin.pause(round, since);}
     */
    static long pause(int round, long since) {
        if (round == 0) {
            Thread.onSpinWait();
            return System.nanoTime();
        }
        if (System.nanoTime() - since < SPIN_NANOS) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
        return since;
    }
}
