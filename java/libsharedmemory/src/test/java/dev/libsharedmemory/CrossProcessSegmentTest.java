package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Segments shared with real separate processes: a second JVM and the native peer (lsm-peer). */
class CrossProcessSegmentTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    private static String readText(SharedMemory shm, int offset, int length) {
        byte[] bytes = new byte[length];
        shm.buffer().get(offset, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void nativePeerWritesJavaReads() {
        String name = names.next("n2j");
        Processes.peer("segment-create", name, "128").assertSuccess();
        Processes.peer("segment-write", name, "128", "16", "from C++").assertSuccess();
        try (SharedMemory shm = SharedMemory.open(name, 128, true)) {
            assertEquals("from C++", readText(shm, 16, 8));
        }
    }

    @Test
    void javaWritesNativePeerReads() {
        String name = names.next("j2n");
        try (SharedMemory shm = SharedMemory.create(name, 128, true)) {
            shm.buffer().put(5, "from Java ☕".getBytes(StandardCharsets.UTF_8));
            int length = "from Java ☕".getBytes(StandardCharsets.UTF_8).length;
            Processes.Result read = Processes.peer("segment-read", name, "128", "5", Integer.toString(length)).assertSuccess();
            assertEquals("from Java ☕", read.out());
        }
    }

    @Test
    void secondJvmWritesThisJvmReadsAndBack() {
        String name = names.next("jvm");
        try (SharedMemory shm = SharedMemory.create(name, 256, true)) {
            Processes.jvm(JvmPeer.class, "segment-write", name, "256", "0", "child says hi").assertSuccess();
            assertEquals("child says hi", readText(shm, 0, 13));
            shm.buffer().put(100, "parent answers".getBytes(StandardCharsets.UTF_8));
            Processes.Result read = Processes.jvm(JvmPeer.class, "segment-read", name, "256", "100", "14").assertSuccess();
            assertEquals("parent answers", read.out());
        }
    }

    @Test
    void persistentSegmentSurvivesItsCreatorProcess() {
        String name = names.next("survive");
        Processes.jvm(JvmPeer.class, "segment-create", name, "64").assertSuccess(); // creator exits
        Processes.peer("segment-write", name, "64", "0", "still here").assertSuccess();
        try (SharedMemory shm = SharedMemory.open(name, 64, true)) {
            assertEquals("still here", readText(shm, 0, 10));
        }
        Processes.peer("segment-create", name, "32").assertSuccess(); // native creator exits too
        try (SharedMemory shm = SharedMemory.open(name, true)) {
            assertEquals(32, shm.size());
        }
    }

    @Test
    void nonPersistentSegmentIsGoneWithItsCreatorHandle() {
        String name = names.next("gone");
        Processes.jvm(JvmPeer.class, "segment-create", name, "64", "--transient").assertSuccess();
        assertThrows(SegmentNotFoundException.class, () -> SharedMemory.open(name, 64, true));
        Processes.peer("segment-create", name, "64", "--transient").assertSuccess();
        assertThrows(SegmentNotFoundException.class, () -> SharedMemory.open(name, 64, true));
    }

    @Test
    void javaDestroyRemovesTheNameForTheNativePeer() {
        String name = names.next("destroy");
        Processes.peer("segment-create", name, "64").assertSuccess();
        try (SharedMemory shm = SharedMemory.open(name, 64, true)) {
            shm.destroy();
        }
        Processes.Result result = Processes.peer("segment-read", name, "64", "0", "1");
        assertEquals(2, result.exitCode());
        assertTrue(result.stderr().contains("not found"), result.stderr());
    }
}
