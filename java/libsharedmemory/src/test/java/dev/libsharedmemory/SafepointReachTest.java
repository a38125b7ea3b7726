package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A thread polling the library in a tight loop must not stop the rest of the JVM: garbage
 * collection, thread dumps and the like wait until every thread reaches a safepoint. On JDK 22+
 * the data calls are critical downcalls, which do not poll for one, while the JIT removes the
 * poll of a loop around them; the library keeps such loops reaching safepoints
 * (jni/jni/jni_foreign.cpp). Each scenario runs in its own JVM, because a JVM that cannot reach
 * a safepoint stops all of its threads, the test's own included. Without that measure, the
 * queue scenarios hung in two of three child JVMs or more on JDK 25.
 */
class SafepointReachTest {
    /** Far above the second or two a child needs; only a child that cannot reach a safepoint takes it. */
    private static final long CHILD_TIMEOUT_SECONDS = 60;

    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"enqueue-full", "dequeue-empty", "stream-unchanged", "segment-unchanged"})
    void aThreadSpinningOnTheLibraryLetsTheJvmReachASafepoint(String scenario) {
        assumeTrue(ForeignCalls.ENABLED, "JNI calls (JDK 17-21) always poll for safepoints on return");
        Process child = Processes.startJvm(SafepointSpinner.class, scenario, names.next("spin"));
        Processes.Result result = Processes.finish(child, scenario + ": a JVM whose thread spins on the library"
                + " (if it hangs, it never reached a safepoint for its GCs)", CHILD_TIMEOUT_SECONDS);
        result.assertSuccess();
        assertTrue(result.out().contains(SafepointSpinner.REACHED), () -> scenario + ": stdout " + result.out());
    }
}
