package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
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
}
