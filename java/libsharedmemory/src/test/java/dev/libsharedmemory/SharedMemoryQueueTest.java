package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SharedMemoryQueue within one JVM: WIRE.md §3 semantics and header bytes through the Java API. */
class SharedMemoryQueueTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    private static long segmentSize(int capacity, int maxMessageSize) {
        return 28L + (long) capacity * (4L + maxMessageSize);
    }

    @Test
    void upstreamExampleSequence() {
        String name = names.next("example");
        try (SharedMemoryQueue writer = new SharedMemoryQueue(name, 10, 256, true, true);
                SharedMemoryQueue reader = new SharedMemoryQueue(name, 10, 256, true, false)) {
            assertTrue(writer.enqueue("First message"));
            assertTrue(writer.enqueue("Second message"));
            assertEquals("First message", reader.dequeueString());
            assertEquals("Second message", reader.peekString());
            assertEquals(1, reader.size());
            assertFalse(reader.isEmpty());
            assertEquals(10, reader.capacity());
            assertEquals(256, reader.maxMessageSize());
            writer.destroy();
        }
        assertThrows(SegmentNotFoundException.class, () -> SharedMemoryQueue.open(name, true));
    }

    @Test
    void headerBytesFollowWireMd() {
        String name = names.next("header");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 3, 8, true, true);
                SharedMemory raw = SharedMemory.open(name, segmentSize(3, 8), true)) {
            ByteBuffer header = raw.buffer();
            assertHeader(header, 0, 0, 3, 0, 8);
            assertTrue(queue.enqueue("abc"));
            assertHeader(header, 1, 0, 3, 1, 8);
            assertEquals(3, header.getInt(28)); // slot 0 length
            assertEquals("abc", ascii(header, 32, 3));
            assertTrue(queue.enqueue("12345678"));
            assertHeader(header, 2, 0, 3, 2, 8);
            assertEquals(8, header.getInt(28 + 12));
            assertEquals("12345678", ascii(header, 28 + 12 + 4, 8));
            assertEquals("abc", queue.peekString());
            assertHeader(header, 2, 0, 3, 2, 8);
            assertEquals("abc", queue.dequeueString());
            assertHeader(header, 2, 1, 3, 1, 8);
            assertTrue(queue.enqueue("x"));
            assertTrue(queue.enqueue("y"));
            assertHeader(header, 1, 1, 3, 3, 8); // writeIndex wrapped
            assertFalse(queue.enqueue("z"));
            assertHeader(header, 1, 1, 3, 3, 8); // full: nothing changed
            assertEquals("12345678", queue.dequeueString());
            assertEquals("x", queue.dequeueString());
            assertEquals("y", queue.dequeueString());
            assertNull(queue.dequeueString());
            assertHeader(header, 1, 1, 3, 0, 8);
        }
    }

    private static void assertHeader(ByteBuffer header, int writeIndex, int readIndex, int capacity, int count,
            int maxMessageSize) {
        assertEquals(writeIndex, header.getInt(0), "writeIndex");
        assertEquals(readIndex, header.getInt(4), "readIndex");
        assertEquals(capacity, header.getInt(8), "capacity");
        assertEquals(count, header.getInt(12), "count");
        assertEquals(maxMessageSize, header.getInt(16), "maxMessageSize");
        assertEquals(0, header.getInt(20), "producerLock");
        assertEquals(0, header.getInt(24), "consumerLock");
    }

    private static String ascii(ByteBuffer buffer, int offset, int length) {
        byte[] bytes = new byte[length];
        buffer.get(offset, bytes);
        return new String(bytes, StandardCharsets.US_ASCII);
    }

    @Test
    void fifoFullEmptyAndWrapAroundOverManyCycles() {
        String name = names.next("fifo");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 5, 16, false, true)) {
            assertNull(queue.dequeue());
            assertNull(queue.peek());
            assertTrue(queue.isEmpty());
            int next = 0;
            for (int cycle = 0; cycle < 2000; cycle++) {
                int batch = 1 + cycle % 5;
                for (int i = 0; i < batch; i++) {
                    assertTrue(queue.enqueue("m" + (next + i)));
                }
                for (int i = 0; i < batch; i++) {
                    assertEquals("m" + next++, queue.dequeueString());
                }
            }
            for (int i = 0; i < 5; i++) {
                assertTrue(queue.enqueue(new byte[] {(byte) i}));
            }
            assertTrue(queue.isFull());
            assertFalse(queue.enqueue(new byte[] {9}));
            assertEquals(5, queue.size());
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(new byte[] {(byte) i}, queue.dequeue());
            }
            assertTrue(queue.isEmpty());
        }
    }

    @Test
    void capacityOneAndMessageOfExactlyMaxMessageSize() {
        String name = names.next("one");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 1, 6, false, true)) {
            assertTrue(queue.enqueue("123456"));
            assertFalse(queue.enqueue("x"));
            assertTrue(queue.isFull());
            assertEquals("123456", queue.peekString());
            assertEquals("123456", queue.dequeueString());
            assertTrue(queue.enqueue(new byte[0])); // an empty message is a message
            assertArrayEquals(new byte[0], queue.dequeue());
            assertNull(queue.dequeue());
        }
    }

    @Test
    void byteArraySlicesAndByteBuffers() {
        String name = names.next("buffers");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 8, 32, false, true)) {
            byte[] source = "..hello..".getBytes(StandardCharsets.UTF_8);
            assertTrue(queue.enqueue(source, 2, 5));
            ByteBuffer direct = ByteBuffer.allocateDirect(16);
            direct.put("direct".getBytes(StandardCharsets.UTF_8)).flip();
            assertTrue(queue.enqueue(direct));
            assertEquals(direct.limit(), direct.position());
            ByteBuffer heap = ByteBuffer.wrap("xxheapxx".getBytes(StandardCharsets.UTF_8), 2, 4).slice();
            assertTrue(queue.enqueue(heap));
            assertTrue(queue.enqueue(ByteBuffer.wrap("readonly".getBytes(StandardCharsets.UTF_8)).asReadOnlyBuffer()));

            ByteBuffer into = ByteBuffer.allocateDirect(32);
            into.position(3);
            assertEquals(5, queue.peek(into));
            assertEquals(8, into.position());
            assertEquals(5, queue.dequeue(into));
            assertEquals("hello", ascii(into, 8, 5));
            ByteBuffer heapInto = ByteBuffer.allocate(40).position(1);
            assertEquals(6, queue.dequeue(heapInto));
            assertEquals("direct", ascii(heapInto, 1, 6));
            assertEquals("heap", queue.dequeueString());
            // Too little room: the queue is unchanged and the message says how much is needed.
            ByteBuffer small = ByteBuffer.allocate(4);
            MessageTooLargeException e = assertThrows(MessageTooLargeException.class, () -> queue.dequeue(small));
            assertTrue(e.getMessage().contains("8 bytes"), e.getMessage());
            assertEquals(0, small.position());
            assertThrows(MessageTooLargeException.class, () -> queue.peek(ByteBuffer.allocateDirect(7)));
            assertEquals(1, queue.size());
            assertEquals("readonly", queue.dequeueString());
            assertEquals(-1, queue.dequeue(ByteBuffer.allocate(8)));
            assertEquals(-1, queue.peek(ByteBuffer.allocateDirect(8)));
        }
    }

    @Test
    void openWithoutGeometryAndSeveralProducerHandles() {
        String name = names.next("attach");
        try (SharedMemoryQueue creator = new SharedMemoryQueue(name, 4, 64, true, true);
                SharedMemoryQueue second = SharedMemoryQueue.open(name, true);
                SharedMemoryQueue third = SharedMemoryQueue.open(name, true)) {
            assertEquals(4, second.capacity());
            assertEquals(64, second.maxMessageSize());
            assertTrue(second.enqueue("from second"));
            assertTrue(third.enqueue("from third"));
            assertTrue(creator.enqueue("from creator"));
            assertEquals("from second", third.dequeueString());
            assertEquals("from third", creator.dequeueString());
            assertEquals("from creator", second.dequeueString());
        }
    }

    @Test
    void offerAndPollWaitAndTimeOut() throws Exception {
        String name = names.next("wait");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 1, 16, false, true)) {
            assertNull(queue.poll(Duration.ofMillis(20)));
            assertEquals(-1, queue.poll(ByteBuffer.allocate(16), Duration.ZERO));
            assertTrue(queue.offer("first", Duration.ZERO));
            assertFalse(queue.offer("second", Duration.ofMillis(20)));
            AtomicReference<String> received = new AtomicReference<>();
            Thread consumer = new Thread(() -> {
                try {
                    received.set(queue.pollString(Duration.ofSeconds(30)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            consumer.start();
            assertTrue(queue.offer("second".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30)));
            consumer.join();
            assertEquals("first", received.get());
            ByteBuffer into = ByteBuffer.allocate(16);
            assertEquals(6, queue.poll(into, Duration.ofSeconds(30)));
            assertTrue(queue.offer(ByteBuffer.wrap(new byte[] {1, 2}), Duration.ofSeconds(1)));
            assertArrayEquals(new byte[] {1, 2}, queue.poll(Duration.ofSeconds(1)));
        }
    }

    @Test
    void waitingIsInterruptible() throws Exception {
        String name = names.next("interrupt");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 1, 16, false, true)) {
            AtomicReference<Throwable> outcome = new AtomicReference<>();
            Thread waiter = new Thread(() -> {
                try {
                    queue.poll(Duration.ofMinutes(5));
                } catch (Throwable t) {
                    outcome.set(t);
                }
            });
            waiter.start();
            waiter.interrupt();
            waiter.join(30_000);
            assertFalse(waiter.isAlive());
            assertTrue(outcome.get() instanceof InterruptedException, String.valueOf(outcome.get()));
            assertTrue(queue.enqueue("full"));
            Thread.currentThread().interrupt();
            assertThrows(InterruptedException.class, () -> queue.offer("more", Duration.ofMinutes(5)));
            assertFalse(Thread.interrupted());
        }
    }

    @Test
    void nonPersistentQueueIsGoneAfterClose() {
        String name = names.next("transient");
        new SharedMemoryQueue(name, 2, 8, false, true).close();
        assertThrows(SegmentNotFoundException.class, () -> SharedMemoryQueue.open(name, true));
    }
}
