package dev.libsharedmemory.bench;

/**
 * How benchmark threads wait for a free slot or a message: spin briefly, then yield. The native
 * benchmark (jni/bench/harness.hpp) waits the same way, so the policy cancels out.
 */
final class Spin {
    private Spin() {}

    static void pause(int round) {
        if (round < 100) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }
}
