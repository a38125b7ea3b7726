package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Issue #16 item 7: handles that are never closed hold no file descriptor, so they cannot run out of them. */
@DisabledOnOs(OS.WINDOWS)
class UnclosedHandlesTest {
    private static final int DESCRIPTOR_LIMIT = 256;
    private static final int HANDLES = 4 * 1024;

    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test
    void farMoreUnclosedHandlesThanTheDescriptorLimit() {
        String name = names.next("unclosed");
        try (SharedMemory segment = SharedMemory.create(name, 4096, true)) {
            // A second JVM whose soft and hard descriptor limits are DESCRIPTOR_LIMIT.
            List<String> command = new ArrayList<>(List.of("sh", "-c", "ulimit -n " + DESCRIPTOR_LIMIT + " && exec \"$@\"", "sh"));
            command.addAll(Processes.jvmCommand(JvmPeer.class, "segment-open-many", name, "4096", Integer.toString(HANDLES)));
            Processes.Result result = Processes.run(command).assertSuccess();
            assertTrue(result.out().contains("opened " + HANDLES), result.out());
        }
    }
}
