package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The exact header bytes of WIRE.md §2 after each operation, seen through a raw mapping. */
class StreamWireTest {
    private static final int SIZE = 128;

    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    /** flags, revision, ack, size, lock — and the three padding bytes, which stay 0. */
    private static void assertHeader(ByteBuffer raw, int flags, int revision, int ack, int size) {
        assertEquals(flags, raw.get(0) & 0xFF, "flags");
        assertEquals(0, raw.get(1) | raw.get(2) | raw.get(3), "padding");
        assertEquals(revision, raw.getInt(4), "revision");
        assertEquals(ack, raw.getInt(8), "ack");
        assertEquals(size, raw.getInt(12), "size");
        assertEquals(0, raw.getInt(16), "lock released");
    }

    private static byte[] payload(ByteBuffer raw, int length) {
        byte[] bytes = new byte[length];
        raw.get(20, bytes);
        return bytes;
    }

    @Test
    void everyOperationMatchesTheTables() {
        String name = names.next("wire");
        try (SharedMemory dirty = SharedMemory.create(name, SIZE, true)) {
            for (int i = 0; i < SIZE; i++) {
                dirty.buffer().put(i, (byte) 0xFF);
            }
        }
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, SIZE, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true);
                SharedMemory shm = SharedMemory.open(name, SIZE, true)) {
            ByteBuffer raw = shm.buffer();
            assertEquals(ByteOrder.nativeOrder(), raw.order());
            assertHeader(raw, 0, 0, 0, 0); // creation zeroes the header

            out.write("héllo");
            assertHeader(raw, 2 | 1, 1, 0, 6);
            assertArrayEquals("héllo".getBytes(StandardCharsets.UTF_8), payload(raw, 6));

            in.readString();
            assertHeader(raw, 3, 1, 0, 6); // a read changes nothing
            in.markAsRead();
            assertHeader(raw, 3, 1, 1, 6);

            out.write(new float[] {1.5f, -2f});
            assertHeader(raw, 4, 2, 1, 8); // float bit, change bit back to 0
            assertEquals(1.5f, raw.getFloat(20));
            assertEquals(-2f, raw.getFloat(24));

            out.write(new double[] {0.25});
            assertHeader(raw, 8 | 1, 3, 1, 8);
            assertEquals(0.25, raw.getDouble(20));
            in.markAsRead();
            assertHeader(raw, 9, 3, 3, 8);

            out.write("");
            assertHeader(raw, 2, 4, 3, 0);

            out.write(new byte[SIZE - 20]);
            assertHeader(raw, 3, 5, 3, SIZE - 20);

            try {
                out.write(new byte[SIZE - 19]);
            } catch (MessageTooLargeException expected) {
                // nothing was written
            }
            assertHeader(raw, 3, 5, 3, SIZE - 20);
        }
    }

    @Test
    void aPayloadWrittenByHandIsRead() {
        // What an upstream writer leaves behind: flags, size, data, revision; lock back to 0.
        String name = names.next("byhand");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, SIZE, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true);
                SharedMemory shm = SharedMemory.open(name, SIZE, true)) {
            ByteBuffer raw = shm.buffer();
            raw.put(0, (byte) (8 | 1)).putInt(12, 16).putDouble(20, 1.25).putDouble(28, -3).putInt(4, 1);
            assertEquals(StreamDataType.DOUBLE, in.readDataType());
            assertEquals(true, in.hasNewData());
            assertArrayEquals(new double[] {1.25, -3}, in.readDoubleArray());
            in.markAsRead();
            assertEquals(1, raw.getInt(8));
            assertEquals(true, out.isMessageRead());
        }
    }
}
