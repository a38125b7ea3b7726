package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Element offsets of float[] and double[] whose byte offsets do not fit an int, and payloads
 * whose float count times 4 does not: computed in long on every route. In a child JVM with a
 * 6 GiB heap (the arrays are 2 and 4 GiB).
 */
class LargeArrayOffsetTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test // the child also creates name + "b"
    void elementOffsetsBeyondTwoGibibytesWriteAndReadTheRightElements() {
        String name = names.next("bigoff");
        List<String> command = Processes.jvmCommand(LargeArrayOffsets.class, name);
        command.add(1, "-Xmx6g");
        try {
            Processes.Result result = Processes.run(command);
            result.assertSuccess();
            assertEquals("ok", result.out().trim(), result.stderr());
        } finally {
            SharedMemory.remove(name + "b");
        }
    }
}
