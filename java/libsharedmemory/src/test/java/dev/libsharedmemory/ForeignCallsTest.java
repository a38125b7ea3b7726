package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * On JDK 22+ the data calls go through critical foreign downcalls (the test JVMs run with
 * --enable-native-access, see the root pom); on 17-21 through JNI. Either way the results are
 * the same, which the rest of the suite shows on both JDKs (CI runs it on 17 and 25).
 */
class ForeignCallsTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test
    void downcallsAreBoundExactlyWhenTheJdkHasThem() {
        boolean disabled = "false".equalsIgnoreCase(System.getProperty(ForeignCalls.PROPERTY));
        assertEquals(Runtime.version().feature() >= 22 && !disabled, ForeignCalls.ENABLED);
    }

    @Test
    void aPayloadAboveTheCriticalLimitTakesJniAndArrivesWhole() {
        int size = ForeignCalls.MAX_CRITICAL_BYTES + 1;
        String name = names.next("ffm-large");
        try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 20 + size, false);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 20 + size, false)) {
            ByteBuffer out = ByteBuffer.allocateDirect(size);
            for (int i = 0; i < size; i++) {
                out.put((byte) i);
            }
            writer.write(out.flip());
            ByteBuffer in = ByteBuffer.allocateDirect(size);
            assertEquals(size, reader.read(in));
            assertEquals(out.rewind(), in.flip());
        }
    }

    @Test
    void aDestinationSmallerThanTheMessageFallsBackAndReportsIt() {
        String name = names.next("ffm-queue");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 4, 64, false, true)) {
            queue.enqueue("hello, queue".getBytes(StandardCharsets.UTF_8));
            ByteBuffer small = ByteBuffer.allocateDirect(4);
            assertThrows(MessageTooLargeException.class, () -> queue.dequeue(small));
            assertEquals(1, queue.size()); // unchanged by the failed try and the JNI call
            assertArrayEquals("hello, queue".getBytes(StandardCharsets.UTF_8), queue.dequeue());
        }
    }
}
