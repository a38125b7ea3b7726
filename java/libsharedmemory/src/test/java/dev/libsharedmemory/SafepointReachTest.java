package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
    void aThreadSpinningOnTheLibraryLetsTheJvmReachASafepoint(String scenario) throws Exception {
        assumeTrue(ForeignCalls.ENABLED, "JNI calls (JDK 17-21) always poll for safepoints on return");
        Process child = Processes.startJvm(SafepointSpinner.class, scenario, names.next("spin"));
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> readAll(child.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(child.getErrorStream()));
        if (!child.waitFor(CHILD_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            child.destroyForcibly().waitFor();
            fail(scenario + ": the JVM did not reach a safepoint while a thread spun on the library"
                    + " (no GC within " + CHILD_TIMEOUT_SECONDS + " s); stdout: " + out.join() + ", stderr: " + err.join());
        }
        assertEquals(0, child.exitValue(), () -> scenario + ": stderr " + err.join());
        assertTrue(out.join().contains(SafepointSpinner.REACHED), () -> scenario + ": stdout " + out.join());
    }

    private static String readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
