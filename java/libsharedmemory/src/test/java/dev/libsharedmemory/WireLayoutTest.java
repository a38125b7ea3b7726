package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * The public layout constants are the wire format: literal values (WIRE.md §2, §3), and they
 * match the bytes the native core really writes.
 */
class WireLayoutTest {

    @Test
    void constantsAreTheWireValues() {
        assertEquals(0, StreamLayout.FLAGS_OFFSET);
        assertEquals(1, StreamLayout.WRITE_MARK_OFFSET);
        assertEquals(4, StreamLayout.REVISION_OFFSET);
        assertEquals(8, StreamLayout.ACK_OFFSET);
        assertEquals(12, StreamLayout.SIZE_OFFSET);
        assertEquals(16, StreamLayout.LOCK_OFFSET);
        assertEquals(20, StreamLayout.DATA_OFFSET);
        assertEquals(1, StreamLayout.CHANGE_BIT);
        assertEquals(2, StreamLayout.TYPE_STRING);
        assertEquals(4, StreamLayout.TYPE_FLOAT);
        assertEquals(8, StreamLayout.TYPE_DOUBLE);

        assertEquals(0, QueueLayout.WRITE_INDEX_OFFSET);
        assertEquals(4, QueueLayout.READ_INDEX_OFFSET);
        assertEquals(8, QueueLayout.CAPACITY_OFFSET);
        assertEquals(12, QueueLayout.COUNT_OFFSET);
        assertEquals(16, QueueLayout.MAX_MESSAGE_SIZE_OFFSET);
        assertEquals(20, QueueLayout.PRODUCER_LOCK_OFFSET);
        assertEquals(24, QueueLayout.CONSUMER_LOCK_OFFSET);
        assertEquals(28, QueueLayout.HEADER_SIZE);
        assertEquals(28 + 3 * (4 + 10), QueueLayout.segmentSize(3, 10));
        assertEquals(-1, QueueLayout.segmentSize(0xFFFF_FFFFL, Long.MAX_VALUE / 2));

        assertEquals(0, LockHolder.FREE);
        assertEquals(1, LockHolder.UPSTREAM_HELD);
        assertEquals(0x8000_0000, LockHolder.ABANDONED);
    }

    @Test
    void aStreamWriteLandsWhereTheLayoutSays() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("wstream");
            try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 64, true);
                    SharedMemory view = SharedMemory.open(name, 64, true)) {
                writer.write(new double[] {2.5});
                ByteBuffer b = view.buffer();
                assertEquals(StreamLayout.TYPE_DOUBLE | StreamLayout.CHANGE_BIT, b.get(StreamLayout.FLAGS_OFFSET));
                assertEquals(0, b.get(StreamLayout.WRITE_MARK_OFFSET), "no write in progress");
                assertEquals(1, b.getInt(StreamLayout.REVISION_OFFSET));
                assertEquals(8, b.getInt(StreamLayout.SIZE_OFFSET));
                assertEquals(LockHolder.FREE, b.getInt(StreamLayout.LOCK_OFFSET));
                assertEquals(2.5, b.getDouble(StreamLayout.DATA_OFFSET));
                assertEquals(64 - 20, StreamLayout.maxPayload(64));
            }
        }
    }

    @Test
    void aQueueHasTheLayoutsGeometry() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("wqueue");
            try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 3, 10, true, true);
                    SharedMemory view = SharedMemory.open(name, true)) {
                assertTrue(queue.enqueue("hello"));
                ByteBuffer b = view.buffer();
                long ring = QueueLayout.segmentSize(3, 10);
                assertEquals(ring + QueueLayout.WAKE_BLOCK_SIZE, view.size()); // ours: the ring and the wake block
                byte[] magic = new byte[8];
                b.get((int) ring, magic);
                assertEquals(QueueLayout.WAKE_BLOCK_MAGIC, new String(magic, java.nio.charset.StandardCharsets.US_ASCII));
                assertEquals(0, b.get((int) ring + QueueLayout.CONSUMER_WAITERS_OFFSET));
                assertEquals(0, b.get((int) ring + QueueLayout.PRODUCER_WAITERS_OFFSET));
                assertEquals(3, b.getInt(QueueLayout.CAPACITY_OFFSET));
                assertEquals(10, b.getInt(QueueLayout.MAX_MESSAGE_SIZE_OFFSET));
                assertEquals(1, b.getInt(QueueLayout.COUNT_OFFSET));
                assertEquals(1, b.getInt(QueueLayout.WRITE_INDEX_OFFSET));
                assertEquals(5, b.getInt((int) QueueLayout.slotOffset(0, 10)));
                assertEquals('h', b.get((int) QueueLayout.slotOffset(0, 10) + QueueLayout.SLOT_LENGTH_SIZE));
                assertEquals(LockHolder.FREE, b.getInt(QueueLayout.PRODUCER_LOCK_OFFSET));
            }
        }
    }
}
