package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Replaced segments: creating a stream or queue always replaces the name (WIRE.md §1), so a
 * handle opened before a restarted peer re-created it keeps mapping the old, nameless segment.
 * {@code isStale()} tells; reopening reaches the new one.
 */
class StaleHandleTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test
    void readerNoticesAWriterRestartedByANativePeer() {
        String name = names.next("stale");
        try (SharedMemoryWriteStream first = new SharedMemoryWriteStream(name, 128, true)) {
            first.write("before the restart");
        }
        try (SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 128, true);
                SharedMemoryReadStream other = new SharedMemoryReadStream(name, 128, true)) {
            assertFalse(reader.isStale());
            assertEquals("before the restart", reader.readString());

            Processes.peer("stream-write", name, "128", "string", "after the restart").assertSuccess();

            assertTrue(reader.isStale(), "the name now leads to the restarted writer's segment");
            assertTrue(other.isStale());
            assertEquals("before the restart", reader.readString(), "the old handle still sees the old segment");
            try (SharedMemoryReadStream reopened = new SharedMemoryReadStream(name, 128, true)) {
                assertFalse(reopened.isStale());
                assertEquals("after the restart", reopened.readString());
            }
        }
    }

    @Test
    void readerNoticesAWriterRestartedByAnotherJvm() {
        String name = names.next("stalej");
        try (SharedMemoryWriteStream first = new SharedMemoryWriteStream(name, 64, true);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 64, true)) {
            first.write("one");
            assertFalse(reader.isStale());
            assertFalse(first.isStale());

            Processes.jvm(JvmPeer.class, "stream-write", name, "64", "string", "two").assertSuccess();

            assertTrue(reader.isStale());
            assertTrue(first.isStale(), "a writer also notices that another writer replaced its stream");
            try (SharedMemoryReadStream reopened = new SharedMemoryReadStream(name, 64, true)) {
                assertEquals("two", reopened.readString());
            }
        }
    }

    @Test
    void nonStaleHandlesSayFalseAndRemovalMakesThemStale() {
        String name = names.next("fresh");
        String queueName = names.next("freshq");
        try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 64, true);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 64, true);
                SharedMemoryQueue queue = new SharedMemoryQueue(queueName, 2, 8, true, true)) {
            writer.write("x");
            queue.enqueue("y");
            assertFalse(writer.isStale());
            assertFalse(reader.isStale());
            assertFalse(queue.isStale());
            writer.destroy();
            queue.destroy();
            assertTrue(reader.isStale(), "a removed name is stale too");
            assertTrue(queue.isStale());
        }
    }

    @Test
    void queueNoticesAQueueReCreatedByANativePeer() {
        String name = names.next("staleq");
        try (SharedMemoryQueue creator = new SharedMemoryQueue(name, 4, 32, true, true);
                SharedMemoryQueue consumer = SharedMemoryQueue.open(name, true)) {
            creator.enqueue("old");
            assertFalse(consumer.isStale());

            Processes.peer("queue-create", name, "4", "32").assertSuccess();
            Processes.peer("queue-enqueue", name, "new").assertSuccess();

            assertTrue(consumer.isStale());
            assertTrue(creator.isStale());
            assertEquals("old", consumer.dequeueString(), "the old handle still works on the old queue");
            assertNull(consumer.dequeue());
            try (SharedMemoryQueue reopened = SharedMemoryQueue.open(name, true)) {
                assertFalse(reopened.isStale());
                assertArrayEquals("new".getBytes(StandardCharsets.UTF_8), reopened.dequeue());
            }
        }
    }

    @Test
    void isStaleAfterCloseThrows() {
        String name = names.next("stalec");
        SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 64, true);
        SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 64, true);
        SharedMemoryQueue queue = new SharedMemoryQueue(names.next("stalecq"), 1, 1, true, true);
        writer.close();
        reader.close();
        queue.close();
        assertThrows(SegmentClosedException.class, writer::isStale);
        assertThrows(SegmentClosedException.class, reader::isStale);
        assertThrows(SegmentClosedException.class, queue::isStale);
    }
}
