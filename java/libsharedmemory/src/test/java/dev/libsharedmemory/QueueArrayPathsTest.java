package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Queue messages from and into Java arrays take different routes by size (staging or heap
 * scratch up to 4 KiB, a foreign downcall on the array itself on JDK 22+, JNI for larger ones):
 * each size on both sides of the limits arrives whole at any offset, in order.
 */
class QueueArrayPathsTest {
    private static final int[] SIZES = {0, 1, Staging.CAPACITY - 1, Staging.CAPACITY, Staging.CAPACITY + 1, 65_536};

    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test
    void messagesOfEverySizeArriveWholeAtAnyOffset() {
        try (SharedMemoryQueue queue = new SharedMemoryQueue(names.next("queue-arrays"), 4, 65_536, false, true)) {
            for (int size : SIZES) {
                byte[] source = new byte[size + 5];
                for (int i = 0; i < source.length; i++) {
                    source[i] = (byte) (i * 7 + size);
                }
                byte[] expected = Arrays.copyOfRange(source, 5, 5 + size);
                assertTrue(queue.enqueue(source, 5, size));
                assertTrue(queue.enqueue(ByteBuffer.wrap(source, 5, size)));
                assertArrayEquals(expected, queue.peek(), size + " bytes, peek");
                assertArrayEquals(expected, queue.dequeue(), size + " bytes, dequeue");

                if (size > 0) { // a heap destination one byte short: refused, the message stays
                    ByteBuffer small = ByteBuffer.wrap(new byte[size - 1]);
                    assertThrows(MessageTooLargeException.class, () -> queue.dequeue(small));
                    assertEquals(0, small.position());
                    assertEquals(1, queue.size());
                }
                byte[] backing = new byte[size + 9];
                ByteBuffer into = ByteBuffer.wrap(backing, 3, size + 6).slice().position(4);
                assertEquals(size, queue.dequeue(into), size + " bytes, into a heap buffer");
                assertEquals(4 + size, into.position());
                assertArrayEquals(expected, Arrays.copyOfRange(backing, 7, 7 + size));
                assertNull(queue.dequeue());
                assertEquals(-1, queue.dequeue(into));
            }
        }
    }

    @Test
    void textOfEverySizeArrivesWhole() {
        try (SharedMemoryQueue queue = new SharedMemoryQueue(names.next("queue-text"), 4, 65_536, false, true)) {
            for (int size : SIZES) {
                StringBuilder text = new StringBuilder(); // 1-, 2- and 3-byte UTF-8 characters, `size` bytes
                for (int bytes = 0; bytes < size; bytes += 6) {
                    text.append(size - bytes < 6 ? "x".repeat(size - bytes) : "a\u00e9\u20ac");
                }
                String expected = text.toString();
                assertTrue(queue.enqueue(expected));
                assertEquals(expected, queue.peekString(), size + " bytes, peekString");
                assertEquals(expected, queue.dequeueString(), size + " bytes, dequeueString");
                assertNull(queue.dequeueString());
            }
        }
    }

    /**
     * dequeue() sizes its array from the head it saw; with two consumers the head may be taken
     * (and a shorter or longer one be next) before it copies: every message still arrives
     * exactly once and whole.
     */
    @Test
    void consumersRacingForHeadsOfChangingSizeEachGetWholeMessages() throws Exception {
        int[] sizes = {9_000, 12, Staging.CAPACITY + 1, 700, 65_536, 0};
        int messages = 3_000;
        try (SharedMemoryQueue queue = new SharedMemoryQueue(names.next("queue-race"), 8, 65_536, false, true)) {
            ConcurrentLinkedQueue<byte[]> received = new ConcurrentLinkedQueue<>();
            List<Thread> consumers = new ArrayList<>();
            for (int c = 0; c < 2; c++) {
                Thread consumer = new Thread(() -> {
                    while (received.size() < messages) {
                        byte[] message = queue.dequeue();
                        if (message != null) {
                            received.add(message);
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                });
                consumer.start();
                consumers.add(consumer);
            }
            for (int i = 0; i < messages; i++) {
                byte[] message = numbered(i, sizes[i % sizes.length]);
                while (!queue.enqueue(message)) {
                    Thread.onSpinWait();
                }
            }
            for (Thread consumer : consumers) {
                consumer.join(60_000);
                assertTrue(!consumer.isAlive(), "a consumer is stuck");
            }
            Set<Integer> seen = new HashSet<>();
            for (byte[] message : received) {
                int index = message.length < Integer.BYTES ? indexOfEmpty(message, sizes, messages, seen)
                        : ByteBuffer.wrap(message).getInt();
                assertArrayEquals(numbered(index, sizes[index % sizes.length]), message, "message " + index);
                assertTrue(seen.add(index), "message " + index + " arrived twice");
            }
            assertEquals(messages, seen.size());
        }
    }

    /** {@code size} bytes starting with {@code index} (when they fit), then a pattern of both. */
    private static byte[] numbered(int index, int size) {
        byte[] message = new byte[size];
        for (int i = 0; i < size; i++) {
            message[i] = (byte) (i * 31 + index);
        }
        if (size >= Integer.BYTES) {
            ByteBuffer.wrap(message).putInt(index);
        }
        return message;
    }

    /** Empty messages carry no number: the first empty-sized index not yet seen. */
    private static int indexOfEmpty(byte[] message, int[] sizes, int messages, Set<Integer> seen) {
        for (int i = 0; i < messages; i++) {
            if (sizes[i % sizes.length] == message.length && !seen.contains(i)) {
                return i;
            }
        }
        throw new AssertionError("an unexpected " + message.length + "-byte message");
    }
}
