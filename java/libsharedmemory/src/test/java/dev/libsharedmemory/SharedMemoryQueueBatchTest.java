package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** enqueueAll / drainTo: order, partial batches when full or empty, large messages, closed handles. */
class SharedMemoryQueueBatchTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    private static byte[] message(int index, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (index * 31 + i);
        }
        return bytes;
    }

    private static List<byte[]> messages(int count, int length) {
        List<byte[]> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(message(i, length == -1 ? i % 50 : length));
        }
        return list;
    }

    @Test
    void enqueueAllThenDrainToKeepOrderAcrossSeveralBatches() {
        try (SharedMemoryQueue queue = new SharedMemoryQueue(names.next("batch"), 1000, 64, true, true)) {
            List<byte[]> sent = messages(600, -1); // ~17 KiB packed: several native batches, empty messages too
            assertEquals(600, queue.enqueueAll(sent));
            assertEquals(600, queue.size());
            List<byte[]> received = new ArrayList<>();
            assertEquals(600, queue.drainTo(received));
            assertEquals(600, received.size());
            for (int i = 0; i < sent.size(); i++) {
                assertArrayEquals(sent.get(i), received.get(i), "message " + i);
            }
            assertTrue(queue.isEmpty());
            assertEquals(0, queue.drainTo(received));
        }
    }

    @Test
    void enqueueAllStopsWhenFullAndSaysHowMany() {
        try (SharedMemoryQueue queue = new SharedMemoryQueue(names.next("full"), 5, 16, true, true)) {
            assertTrue(queue.enqueue("first"));
            List<byte[]> sent = messages(10, 16);
            assertEquals(4, queue.enqueueAll(sent));
            assertEquals("first", queue.dequeueString());
            for (int i = 0; i < 4; i++) {
                assertArrayEquals(sent.get(i), queue.dequeue());
            }
        }
    }

    @Test
    void enqueueAllChecksEveryLengthBeforeEnqueuingAny() {
        try (SharedMemoryQueue queue = new SharedMemoryQueue(names.next("long"), 5, 8, true, true)) {
            List<byte[]> sent = List.of(new byte[8], new byte[9]);
            assertThrows(MessageTooLargeException.class, () -> queue.enqueueAll(sent));
            assertThrows(NullPointerException.class, () -> queue.enqueueAll(Arrays.asList(new byte[1], null)));
            assertEquals(0, queue.size());
        }
    }

    @Test
    void drainToHonoursMaxAndHandsOutReadOnlyViews() {
        try (SharedMemoryQueue queue = new SharedMemoryQueue(names.next("max"), 10, 16, true, true)) {
            queue.enqueueAll(messages(10, 16));
            List<String> seen = new ArrayList<>();
            assertEquals(3, queue.drainTo((ByteBuffer view) -> {
                assertTrue(view.isReadOnly());
                byte[] copy = new byte[view.remaining()];
                view.get(copy);
                seen.add(Arrays.toString(copy));
            }, 3));
            assertEquals(3, seen.size());
            assertEquals(Arrays.toString(message(0, 16)), seen.get(0));
            assertEquals(Arrays.toString(message(2, 16)), seen.get(2));
            assertEquals(7, queue.size());
            assertEquals(0, queue.drainTo(new ArrayList<>(), 0));
            assertThrows(InvalidArgumentException.class, () -> queue.drainTo(new ArrayList<>(), -1));
        }
    }

    @Test
    void messagesLargerThanABatchGoOneByOne() {
        try (SharedMemoryQueue queue = new SharedMemoryQueue(names.next("large"), 6, 10_000, true, true)) {
            List<byte[]> sent = List.of(message(0, 10), message(1, 10_000), message(2, 4093), message(3, 4092),
                    message(4, 0), message(5, 9_000));
            assertEquals(6, queue.enqueueAll(sent));
            List<byte[]> received = new ArrayList<>();
            assertEquals(6, queue.drainTo(received));
            for (int i = 0; i < sent.size(); i++) {
                assertArrayEquals(sent.get(i), received.get(i), "message " + i);
            }
        }
    }

    @Test
    void nestedDrainInsideTheActionGetsItsOwnBuffer() {
        String name = names.next("nested");
        try (SharedMemoryQueue first = new SharedMemoryQueue(name, 10, 16, true, true);
                SharedMemoryQueue second = new SharedMemoryQueue(names.next("nested2"), 10, 16, true, true)) {
            first.enqueueAll(List.of("a".getBytes(StandardCharsets.UTF_8), "b".getBytes(StandardCharsets.UTF_8)));
            second.enqueueAll(List.of("x".getBytes(StandardCharsets.UTF_8), "y".getBytes(StandardCharsets.UTF_8)));
            StringBuilder order = new StringBuilder();
            first.drainTo((ByteBuffer outer) -> {
                order.append((char) outer.get(outer.position()));
                second.drainTo((ByteBuffer inner) -> order.append((char) inner.get(inner.position())), 1);
                order.append((char) outer.get(outer.position()));
            }, 10);
            assertEquals("axabyb", order.toString());
        }
    }

    @Test
    void closedQueueRefusesBatches() {
        SharedMemoryQueue queue = new SharedMemoryQueue(names.next("closed"), 4, 8, true, true);
        queue.close();
        assertThrows(SegmentClosedException.class, () -> queue.enqueueAll(List.of(new byte[1])));
        assertThrows(SegmentClosedException.class, () -> queue.drainTo(new ArrayList<>()));
    }
}
