package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every native read and take that can answer "too small" answers in the one encoding of
 * lsm_c.h ({@link CallResult#isTooSmall}, {@link CallResult#neededSize}), and empty as
 * {@link CallResult#EMPTY}: each JNI entry point (on every JDK, also with
 * {@code -Dlibsharedmemory.ffm=false}) and each foreign downcall (JDK 22+).
 */
class TooSmallEncodingTest {
    private static final int PAYLOAD = 40; // bytes: 10 floats, 5 doubles

    private final TestSegments names = new TestSegments();
    private long writer;
    private long reader;
    private long queue;

    @BeforeEach
    void openHandles() {
        String stream = names.next("toosmall");
        writer = StreamNative.createWriter(Names.utf8(stream), 20 + 64, false, SharedMemory.DEFAULT_MODE);
        reader = StreamNative.openReader(Names.utf8(stream), 20 + 64, false);
        StreamNative.writeArray(writer, StreamNative.TYPE_STRING, new byte[PAYLOAD], 0, PAYLOAD);
        queue = QueueNative.create(Names.utf8(names.next("toosmallq")), 4, 64, false, SharedMemory.DEFAULT_MODE);
    }

    @AfterEach
    void release() {
        StreamNative.releaseReader(reader);
        StreamNative.releaseWriter(writer);
        QueueNative.release(queue);
        names.close();
    }

    private static void assertTooSmall(long answer, long needed, String route) {
        assertTrue(CallResult.isTooSmall(answer), route + " answered " + answer + ", not LSM_TOO_SMALL");
        assertEquals(needed, CallResult.neededSize(answer), route);
    }

    @Test
    void theMirrorMatchesLsmCH() {
        CallResult.check();
        assertEquals(7, CallResult.neededSize(CallResult.tooSmall(7)));
    }

    @Test
    void jniStreamReads() {
        ByteBuffer room = ByteBuffer.allocateDirect(8);
        DirectAddress direct = DirectAddress.of(room);
        assertTooSmall(StreamNative.readAddress(reader, direct.address, direct.capacity, 0, 8, -1), PAYLOAD,
                "StreamNative.readAddress");
        assertTooSmall(StreamNative.readArray(reader, new byte[8], Byte.BYTES, 0, 8, -1), PAYLOAD,
                "StreamNative.readArray(byte[])");
        assertTooSmall(StreamNative.readArray(reader, new float[2], Float.BYTES, 0, 8, -1), PAYLOAD,
                "StreamNative.readArray(float[])");
        assertTooSmall(StreamNative.readArray(reader, new double[1], Double.BYTES, 0, 8, -1), PAYLOAD,
                "StreamNative.readArray(double[])");
    }

    @Test
    void jniQueueTakes() {
        DirectAddress direct = DirectAddress.of(ByteBuffer.allocateDirect(8));
        assertEquals(CallResult.EMPTY, QueueNative.takeAddress(queue, true, direct.address, direct.capacity, 0, 8, -1));
        assertEquals(CallResult.EMPTY, QueueNative.takeArray(queue, true, new byte[8], 0, 8));
        assertTrue(QueueNative.enqueueArray(queue, new byte[PAYLOAD], 0, PAYLOAD));
        assertTooSmall(QueueNative.takeAddress(queue, false, direct.address, direct.capacity, 0, 8, -1), PAYLOAD,
                "QueueNative.takeAddress(peek)");
        assertTooSmall(QueueNative.takeAddress(queue, true, direct.address, direct.capacity, 0, 8, -1), PAYLOAD,
                "QueueNative.takeAddress(dequeue)");
        assertTooSmall(QueueNative.takePacked(queue, direct.address, direct.capacity, 4), Integer.BYTES + PAYLOAD,
                "QueueNative.takePacked");
        assertEquals(1, QueueNative.size(queue)); // every answer left it queued
    }

    @Test
    void downcallStreamReads() {
        assumeTrue(ForeignCalls.ENABLED, "foreign downcalls are bound on JDK 22+ only");
        DirectAddress direct = DirectAddress.of(ByteBuffer.allocateDirect(8));
        for (int i = 0; i < 256; i++) { // past the periodic "take JNI" answers (jni_foreign.cpp)
            assertTooSmallOrRetry(ForeignCalls.streamTryRead(reader, direct.address, 8), "streamTryRead(address)");
            assertTooSmallOrRetry(ForeignCalls.streamTryRead(reader, new byte[8], 0, 8), "streamTryRead(byte[])");
            assertTooSmallOrRetry(ForeignCalls.streamTryRead(reader, new float[2]), "streamTryRead(float[])");
            assertTooSmallOrRetry(ForeignCalls.streamTryRead(reader, new double[1]), "streamTryRead(double[])");
        }
    }

    @Test
    void downcallQueueTakes() {
        assumeTrue(ForeignCalls.ENABLED, "foreign downcalls are bound on JDK 22+ only");
        DirectAddress direct = DirectAddress.of(ByteBuffer.allocateDirect(8));
        for (int i = 0; i < 128; i++) {
            long answer = ForeignCalls.queueTryTake(queue, true, new byte[8], 0, 8);
            assertTrue(answer == CallResult.EMPTY || answer == CallResult.RETRY, "empty queue answered " + answer);
        }
        assertTrue(QueueNative.enqueueArray(queue, new byte[PAYLOAD], 0, PAYLOAD));
        for (int i = 0; i < 128; i++) {
            assertTooSmallOrRetry(ForeignCalls.queueTryTake(queue, false, direct.address, 8), "queueTryTake(address)");
            assertTooSmallOrRetry(ForeignCalls.queueTryTake(queue, true, new byte[8], 0, 8), "queueTryTake(byte[])");
        }
        assertEquals(1, QueueNative.size(queue));
    }

    /** A downcall answers "take JNI" every 64th call on a thread; any other answer must be the encoding. */
    private static void assertTooSmallOrRetry(long answer, String route) {
        if (answer != CallResult.RETRY) {
            assertTooSmall(answer, PAYLOAD, route);
        }
    }

    @Test
    void thePublicApiStillSaysHowManyBytesAreNeeded() {
        try (SharedMemoryQueue q = new SharedMemoryQueue(names.next("toosmallp"), 4, 64, false, true)) {
            assertEquals(-1, q.dequeue(ByteBuffer.allocate(8)));
            assertEquals(-1, q.dequeue(ByteBuffer.allocateDirect(8)));
            q.enqueue("x".repeat(PAYLOAD).getBytes(StandardCharsets.UTF_8));
            for (ByteBuffer small : new ByteBuffer[] {ByteBuffer.allocate(8), ByteBuffer.allocateDirect(8)}) {
                MessageTooLargeException e = assertThrows(MessageTooLargeException.class, () -> q.dequeue(small));
                assertTrue(e.getMessage().contains(Integer.toString(PAYLOAD)), e.getMessage());
            }
            assertEquals(1, q.size());
        }
    }
}
