package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SharedMemory within one JVM: WIRE.md §1 semantics through the Java API. */
class SharedMemoryTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test
    void writerAndReaderShareBytes() {
        String name = names.next("share");
        try (SharedMemory writer = SharedMemory.create(name, 4096, true);
                SharedMemory reader = SharedMemory.open(name, 4096, true)) {
            writer.buffer().put(0, "hello".getBytes(StandardCharsets.UTF_8));
            byte[] read = new byte[5];
            reader.buffer().get(0, read);
            assertEquals("hello", new String(read, StandardCharsets.UTF_8));
            reader.buffer().putLong(8, 0x1122334455667788L);
            assertEquals(0x1122334455667788L, writer.buffer().getLong(8));
        }
    }

    @Test
    void bufferIsDirectNativeOrderAndCoversTheSegment() {
        String name = names.next("buffer");
        try (SharedMemory shm = SharedMemory.create(name, 1000, true)) {
            ByteBuffer buffer = shm.buffer();
            assertTrue(buffer.isDirect());
            assertEquals(ByteOrder.nativeOrder(), buffer.order());
            assertEquals(1000, buffer.capacity());
            assertEquals(1000, shm.size());
            assertEquals(name, shm.name());
            assertTrue(shm.isPersistent());
            buffer.position(10); // each call is a fresh view
            assertEquals(0, shm.buffer().position());
        }
    }

    @Test
    void createReplacesAndZeroFills() {
        String name = names.next("replace");
        try (SharedMemory first = SharedMemory.create(name, 64, true)) {
            first.buffer().put(0, (byte) 7);
        }
        try (SharedMemory second = SharedMemory.create(name, 64, true)) {
            assertEquals(0, second.buffer().get(0));
        }
    }

    @Test
    void persistentSegmentOutlivesItsHandle() {
        String name = names.next("persist");
        try (SharedMemory writer = SharedMemory.create(name, 64, true)) {
            writer.buffer().put(3, (byte) 42);
        }
        try (SharedMemory reader = SharedMemory.open(name, 64, true)) {
            assertEquals(42, reader.buffer().get(3));
            reader.destroy();
        }
        assertThrows(SegmentNotFoundException.class, () -> SharedMemory.open(name, 64, true));
    }

    @Test
    void nonPersistentSegmentIsGoneAfterClose() {
        String name = names.next("transient");
        SharedMemory.create(name, 64, false).close();
        assertThrows(SegmentNotFoundException.class, () -> SharedMemory.open(name, 64, true));
    }

    @Test
    void openWithoutSizeMapsTheWholeSegment() {
        String name = names.next("whole");
        try (SharedMemory writer = SharedMemory.create(name, 12345, true);
                SharedMemory reader = SharedMemory.open(name, true)) {
            assertEquals(12345, reader.size());
        }
    }

    @Test
    void destroyRemovesTheNameButKeepsTheMapping() {
        String name = names.next("destroy");
        try (SharedMemory shm = SharedMemory.create(name, 64, true)) {
            shm.destroy();
            assertThrows(SegmentNotFoundException.class, () -> SharedMemory.open(name, 64, true));
            shm.buffer().put(0, (byte) 1); // still mapped
            assertEquals(1, shm.buffer().get(0));
            assertTrue(shm.isStale());
        }
        assertFalse(SharedMemory.remove(name));
    }

    @Test
    void readerNoticesThatTheNameWasRecreated() {
        String name = names.next("stale");
        try (SharedMemory writer = SharedMemory.create(name, 64, true);
                SharedMemory reader = SharedMemory.open(name, 64, true)) {
            assertFalse(reader.isStale());
            try (SharedMemory restarted = SharedMemory.create(name, 64, true)) {
                restarted.buffer().put(0, (byte) 9);
                assertTrue(reader.isStale());
                assertEquals(0, reader.buffer().get(0), "the stale mapping is the old object");
                try (SharedMemory reopened = SharedMemory.open(name, 64, true)) {
                    assertEquals(9, reopened.buffer().get(0));
                }
            }
        }
    }

    @Test
    void bufferObtainedBeforeCloseStaysSafe() {
        String name = names.next("detach");
        SharedMemory shm = SharedMemory.create(name, 4096, true);
        ByteBuffer buffer = shm.buffer();
        buffer.put(0, (byte) 5);
        shm.close();
        buffer.put(1, (byte) 6); // must not crash the JVM
        buffer.get(4095);
        try (SharedMemory again = SharedMemory.open(name, 4096, true)) {
            assertEquals(5, again.buffer().get(0));
        }
    }

    @Test
    void callsAfterCloseThrowClearly() {
        String name = names.next("closed");
        SharedMemory shm = SharedMemory.create(name, 64, true);
        shm.close();
        shm.close(); // idempotent
        assertTrue(shm.isClosed());
        SegmentClosedException e = assertThrows(SegmentClosedException.class, shm::buffer);
        assertTrue(e.getMessage().contains(name), e.getMessage());
        assertThrows(SegmentClosedException.class, shm::isStale);
        assertEquals(64, shm.size());
        shm.destroy(); // still removes the name
        assertThrows(SegmentNotFoundException.class, () -> SharedMemory.open(name, 64, true));
    }

    @Test
    void unreachableHandleIsUnmappedAndPersistentSegmentKept() throws Exception {
        String name = names.next("cleaner");
        SharedMemory.create(name, 64, true).buffer().put(0, (byte) 3); // handle and buffer dropped, never closed
        for (int i = 0; i < 50 && isMappedHere(name); i++) {
            System.gc();
            Thread.sleep(20);
        }
        if (Files.exists(Paths.get("/proc/self/maps"))) {
            assertFalse(isMappedHere(name), "the Cleaner unmapped the segment");
        }
        try (SharedMemory reader = SharedMemory.open(name, 64, true)) {
            assertEquals(3, reader.buffer().get(0), "a persistent segment stays");
        }
    }

    /** Linux: whether this process still maps /dev/shm/NAME. */
    private static boolean isMappedHere(String name) throws IOException {
        Path maps = Paths.get("/proc/self/maps");
        return Files.exists(maps) && Files.readAllLines(maps).stream().anyMatch(line -> line.endsWith("/dev/shm/" + name));
    }

    @Test
    void nonAsciiNamesWork() {
        String name = names.next("ünï😀");
        try (SharedMemory shm = SharedMemory.create(name, 64, true);
                SharedMemory reader = SharedMemory.open(name, 64, true)) {
            shm.buffer().put(0, (byte) 1);
            assertEquals(1, reader.buffer().get(0));
        }
    }

    @Test
    void bytesRoundTrip() {
        String name = names.next("bytes");
        byte[] all = new byte[256];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i;
        }
        try (SharedMemory shm = SharedMemory.create(name, 256, true);
                SharedMemory reader = SharedMemory.open(name, 256, true)) {
            shm.buffer().put(all);
            byte[] read = new byte[256];
            reader.buffer().get(read);
            assertArrayEquals(all, read);
        }
    }
}
