package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Every error of the queue issue: a clear exception of the library's hierarchy, never an access outside the mapping. */
class SharedMemoryQueueErrorsTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    private static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' does not mention " + part);
        }
    }

    @Test
    void messageLongerThanMaxMessageSizeLeavesTheQueueUnchanged() {
        String name = names.next("large");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 2, 4, false, true)) {
            assertMentions(assertThrows(MessageTooLargeException.class, () -> queue.enqueue("12345")), name, "5", "4");
            assertThrows(MessageTooLargeException.class, () -> queue.enqueue(new byte[5]));
            assertThrows(MessageTooLargeException.class, () -> queue.enqueue(ByteBuffer.allocateDirect(5)));
            assertThrows(MessageTooLargeException.class, () -> queue.offer(new byte[9], Duration.ofSeconds(1)));
            assertEquals(0, queue.size());
            assertTrue(queue.enqueue("1234"));
            assertEquals("1234", queue.dequeueString());
        }
    }

    @Test
    void geometriesThatCannotWork() {
        String name = names.next("geometry");
        assertMentions(assertThrows(InvalidSizeException.class, () -> new SharedMemoryQueue(name, 0, 8, true, true)),
                name, "capacity");
        assertMentions(assertThrows(InvalidSizeException.class, () -> new SharedMemoryQueue(name, 8, 0, true, true)),
                "maxMessageSize");
        assertThrows(InvalidSizeException.class, () -> new SharedMemoryQueue(name, -1, 8, true, true));
        assertThrows(InvalidSizeException.class, () -> new SharedMemoryQueue(name, 8, -8, true, false));
        // 2^31 slots of 2 GiB: the size does not overflow 64 bits but no system can back it.
        assertThrows(SharedMemoryException.class,
                () -> new SharedMemoryQueue(name, Integer.MAX_VALUE, Integer.MAX_VALUE, true, true));
        assertThrows(InvalidNameException.class, () -> new SharedMemoryQueue("a/b", 2, 8, true, true));
        assertThrows(NullPointerException.class, () -> new SharedMemoryQueue(null, 2, 8, true, true));
        assertThrows(SegmentNotFoundException.class, () -> new SharedMemoryQueue(name, 2, 8, true, false));
        assertThrows(SegmentNotFoundException.class, () -> SharedMemoryQueue.open(name, true));
    }

    @Test
    void openingWithAnotherGeometry() {
        String name = names.next("other");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 4, 16, true, true)) {
            assertMentions(assertThrows(InvalidArgumentException.class, () -> new SharedMemoryQueue(name, 2, 16, true, false)),
                    name, "capacity 4");
            assertThrows(InvalidSizeException.class, () -> new SharedMemoryQueue(name, 40, 16, true, false));
        }
    }

    /** Overwrites one header field through a raw mapping, then expects {@code operation} to fail as corrupt. */
    private void assertCorrupt(int offset, int value, Consumer<SharedMemoryQueue> operation) {
        String name = names.next("corrupt");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 4, 8, false, true);
                SharedMemory raw = SharedMemory.open(name, 28 + 4 * 12, true)) {
            assertTrue(queue.enqueue("ok"));
            raw.buffer().putInt(offset, value);
            CorruptSegmentException e = assertThrows(CorruptSegmentException.class, () -> operation.accept(queue),
                    () -> "offset " + offset + " = " + value);
            assertMentions(e, name);
            assertEquals(0, raw.buffer().getInt(20), "producer lock released");
            assertEquals(0, raw.buffer().getInt(24), "consumer lock released");
        }
    }

    @Test
    void headerFieldsThatDoNotFitTheSegment() {
        assertCorrupt(8, 1000, SharedMemoryQueue::size);              // capacity
        assertCorrupt(8, 0, q -> q.enqueue("x"));
        assertCorrupt(16, -16, SharedMemoryQueue::dequeue);           // maxMessageSize 0xFFFFFFF0
        assertCorrupt(16, 9, SharedMemoryQueue::peek);
        assertCorrupt(12, 5, SharedMemoryQueue::size);                // count > capacity
        assertCorrupt(12, -1, q -> q.enqueue("x"));
        assertCorrupt(0, 4, q -> q.enqueue("x"));                     // writeIndex = capacity
        assertCorrupt(4, -1, SharedMemoryQueue::peek);                // readIndex
        assertCorrupt(4, 4, q -> q.dequeue(ByteBuffer.allocateDirect(8)));
        assertCorrupt(28, 9, SharedMemoryQueue::dequeue);             // slot length > maxMessageSize
        assertCorrupt(28, -1, q -> q.peek(ByteBuffer.allocate(8)));
    }

    @Test
    void openWithoutGeometryChecksTheHeaderAgainstTheRealSize() {
        String name = names.next("realsize");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 4, 8, true, true);
                SharedMemory raw = SharedMemory.open(name, 28 + 4 * 12, true)) {
            raw.buffer().putInt(8, 10); // 148 bytes: more than the 76-byte ring and its 64-byte wake block
            assertMentions(assertThrows(CorruptSegmentException.class, () -> SharedMemoryQueue.open(name, true)),
                    name, "capacity 10");
            raw.buffer().putInt(8, -1).putInt(16, -1);
            assertThrows(CorruptSegmentException.class, () -> SharedMemoryQueue.open(name, true));
            raw.buffer().putInt(8, 4).putInt(16, 0);
            assertThrows(CorruptSegmentException.class, () -> SharedMemoryQueue.open(name, true));
        }
        String tiny = names.next("tiny");
        SharedMemory.create(tiny, 16, true).close();
        assertThrows(CorruptSegmentException.class, () -> SharedMemoryQueue.open(tiny, true));
    }

    @Test
    void heldLockTimesOut() {
        String name = names.next("lock");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 2, 8, false, true);
                SharedMemory raw = SharedMemory.open(name, 28 + 2 * 12, true)) {
            queue.setLockTimeout(Duration.ofMillis(20));
            raw.buffer().putInt(20, 1); // an upstream producer holds the lock
            assertMentions(assertThrows(LockTimeoutException.class, () -> queue.enqueue("x")), name, "producer");
            raw.buffer().putInt(20, 0).putInt(24, 1);
            assertNull(queue.dequeue(), "an empty queue answers from its count, without the lock");
            assertTrue(queue.enqueue("x"));
            assertMentions(assertThrows(LockTimeoutException.class, queue::dequeue), name, "consumer");
            raw.buffer().putInt(24, 0);
            assertTrue(queue.enqueue("y"));
            raw.buffer().putInt(20, 1);
            assertFalse(queue.enqueue("z"), "a full queue answers from its count, without the lock");
            raw.buffer().putInt(20, 0);
            assertEquals("x", queue.dequeueString());
            assertThrows(InvalidArgumentException.class, () -> queue.setLockTimeout(Duration.ofMillis(-1)));
        }
    }

    @Test
    void badArguments() {
        String name = names.next("args");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 2, 8, false, true)) {
            assertThrows(NullPointerException.class, () -> queue.enqueue((String) null));
            assertThrows(NullPointerException.class, () -> queue.enqueue((byte[]) null));
            assertThrows(NullPointerException.class, () -> queue.enqueue((ByteBuffer) null));
            assertThrows(IndexOutOfBoundsException.class, () -> queue.enqueue(new byte[4], 2, 3));
            assertThrows(IndexOutOfBoundsException.class, () -> queue.enqueue(new byte[4], -1, 1));
            assertThrows(NullPointerException.class, () -> queue.dequeue((ByteBuffer) null));
            assertThrows(java.nio.ReadOnlyBufferException.class,
                    () -> queue.dequeue(ByteBuffer.allocate(8).asReadOnlyBuffer()));
            assertThrows(NullPointerException.class, () -> queue.poll(null));
        }
    }

    @Test
    void everyCallAfterCloseThrowsSegmentClosed() {
        String name = names.next("closed");
        SharedMemoryQueue queue = new SharedMemoryQueue(name, 2, 8, true, true);
        queue.close();
        queue.close(); // idempotent
        assertTrue(queue.isClosed());
        List<Executable> calls = List.of(() -> queue.enqueue("x"), () -> queue.enqueue(new byte[1]),
                () -> queue.enqueue(ByteBuffer.allocateDirect(1)), queue::dequeue, queue::dequeueString,
                () -> queue.dequeue(ByteBuffer.allocate(8)), queue::peek, queue::peekString,
                () -> queue.peek(ByteBuffer.allocateDirect(8)), queue::size, queue::isEmpty, queue::isFull,
                () -> queue.offer("x", Duration.ofSeconds(1)), () -> queue.poll(Duration.ofSeconds(1)),
                () -> queue.setLockTimeout(Duration.ofSeconds(1)));
        for (Executable call : calls) {
            assertMentions(assertThrows(SegmentClosedException.class, call), name);
        }
        assertEquals(2, queue.capacity()); // plain values stay readable
        queue.destroy(); // still removes the name
        assertThrows(SegmentNotFoundException.class, () -> SharedMemoryQueue.open(name, true));
    }

    @Test
    void closeDuringUseFromOtherThreads() throws Exception {
        String name = names.next("race");
        for (int round = 0; round < 20; round++) {
            SharedMemoryQueue queue = new SharedMemoryQueue(name, 4, 16, false, true);
            CountDownLatch started = new CountDownLatch(4);
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int kind = t;
                Thread thread = new Thread(() -> {
                    started.countDown();
                    ByteBuffer direct = ByteBuffer.allocateDirect(16);
                    try {
                        for (;;) {
                            switch (kind) {
                                case 0 -> queue.offer("message", Duration.ofMillis(1));
                                case 1 -> queue.poll(Duration.ofMillis(1));
                                case 2 -> {
                                    direct.clear();
                                    queue.dequeue(direct);
                                }
                                default -> queue.enqueue(new byte[3]);
                            }
                        }
                    } catch (SegmentClosedException expected) {
                        // the only way out
                    } catch (Throwable t2) {
                        unexpected.set(t2);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            started.await();
            Thread.sleep(2);
            queue.close();
            for (Thread thread : threads) {
                thread.join(30_000);
                if (thread.isAlive()) {
                    fail("a thread did not notice the close");
                }
            }
            if (unexpected.get() != null) {
                throw new AssertionError("unexpected", unexpected.get());
            }
        }
    }
}
