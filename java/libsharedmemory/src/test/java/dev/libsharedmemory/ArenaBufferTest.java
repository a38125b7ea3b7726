package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Direct buffers of a java.lang.foreign Arena (JDK 22+): the arena frees their memory when it is
 * closed, so a closed one must be refused with the JDK's own IllegalStateException, and nothing
 * may be written through it (not even by a call that started before the close:
 * {@link ArenaCloseRace}, in a child JVM because the failure it looks for is a crash).
 */
class ArenaBufferTest {
    private final TestSegments names = new TestSegments();

    @BeforeEach
    void needsArenas() {
        assumeTrue(Arenas.available(), "java.lang.foreign arenas need JDK 22+");
    }

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test
    void aClosedArenasBufferIsRefusedByTheQueueAndTheQueueIsUnchanged() {
        byte[] message = pattern(64, 1);
        try (SharedMemoryQueue queue = new SharedMemoryQueue(names.next("arenaq"), 4, 4096, false, true)) {
            queue.enqueue(message);
            for (Object arena : new Object[] {Arenas.shared(), Arenas.confined()}) {
                ByteBuffer stale = Arenas.allocate(arena, 4096);
                Arenas.close(arena);
                assertThrows(IllegalStateException.class, () -> queue.dequeue(stale));
                assertThrows(IllegalStateException.class, () -> queue.peek(stale));
                assertThrows(IllegalStateException.class, () -> queue.enqueue(stale));
                assertEquals(0, stale.position());
                assertEquals(1, queue.size());
            }
            assertArrayEquals(message, queue.dequeue());
        }
    }

    @Test
    void aClosedArenasBufferIsRefusedByStreamsAndThePayloadIsUnchanged() {
        String name = names.next("arenas");
        byte[] payload = pattern(64, 2);
        try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 20 + 4096, false);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 20 + 4096, false)) {
            writer.write(payload);
            Object arena = Arenas.shared();
            ByteBuffer stale = Arenas.allocate(arena, 4096);
            Arenas.close(arena);
            assertThrows(IllegalStateException.class, () -> reader.read(stale));
            assertThrows(IllegalStateException.class, () -> writer.write(stale));
            assertEquals(0, stale.position());
            assertArrayEquals(payload, reader.readBytes());
        }
    }

    @Test
    void anOpenArenasBufferCarriesMessagesOfEverySize() {
        try (SharedMemoryQueue queue = new SharedMemoryQueue(names.next("arenaok"), 4, 300_000, false, true)) {
            Object arena = Arenas.shared();
            try {
                ByteBuffer buffer = Arenas.allocate(arena, 1 << 20);
                for (int length : new int[] {0, 1, 4096, 4097, 300_000}) {
                    byte[] message = pattern(length, length);
                    buffer.clear().put(message).flip();
                    assertEquals(true, queue.enqueue(buffer));
                    assertEquals(length, buffer.position());
                    buffer.clear().position(7);
                    assertEquals(length, queue.peek(buffer));
                    assertEquals(length, queue.dequeue(buffer.position(7)));
                    byte[] got = new byte[length];
                    buffer.get(7, got);
                    assertArrayEquals(message, got);
                }
                queue.enqueue(pattern(5000, 3));
                ByteBuffer small = Arenas.allocate(arena, 4999);
                assertThrows(MessageTooLargeException.class, () -> queue.dequeue(small));
                assertEquals(1, queue.size());
            } finally {
                Arenas.close(arena);
            }
        }
    }

    @Test
    void anOpenArenasBufferCarriesStreamPayloadsOfEverySize() {
        String name = names.next("arenasok");
        try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 20 + 300_000, false);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 20 + 300_000, false)) {
            Object arena = Arenas.shared();
            try {
                ByteBuffer buffer = Arenas.allocate(arena, 1 << 20);
                for (int length : new int[] {0, 1, 4096, 4097, 300_000}) {
                    byte[] payload = pattern(length, length + 1);
                    buffer.clear().put(payload).flip();
                    writer.write(buffer);
                    assertArrayEquals(payload, reader.readBytes());
                    buffer.clear().position(3);
                    assertEquals(length, reader.read(buffer));
                    byte[] got = new byte[length];
                    buffer.get(3, got);
                    assertArrayEquals(payload, got);
                }
                ByteBuffer small = Arenas.allocate(arena, 299_999);
                assertThrows(MessageTooLargeException.class, () -> reader.read(small));
                assertEquals(0, small.position());
            } finally {
                Arenas.close(arena);
            }
        }
    }

    @Test
    void aSharedArenaClosedWhileAnotherThreadCopiesIntoItIsNeverWrittenAfterTheClose() {
        for (String kind : new String[] {"queue", "stream"}) {
            Processes.Result result = Processes.jvm(ArenaCloseRace.class, kind, names.next("arenarace"));
            result.assertSuccess();
            assertEquals("ok", result.out().trim(), result.stderr());
        }
    }

    static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (seed + i * 31);
        }
        return bytes;
    }
}
