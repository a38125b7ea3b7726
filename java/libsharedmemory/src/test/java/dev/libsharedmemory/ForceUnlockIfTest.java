package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The compare-and-force ({@code forceUnlockIf}, {@code forceUnlockProducersIf}, {@code
 * forceUnlockConsumersIf}): a lock that changed hands since its holder was checked is left alone,
 * one still held by the holder checked is forced open (and repaired) as by {@code forceUnlock}.
 * The holders are written into the lock words as an upstream process (value 1) would.
 */
class ForceUnlockIfTest {
    /** The holder checked: a token of no process. */
    private static final LockHolder CHECKED = new LockHolder(LockHolder.TOKEN_BIT | 0x3ffffff0);
    private static final LockHolder UPSTREAM = new LockHolder(1);

    private static void putLockWord(SharedMemory shm, int offset, LockHolder holder) {
        shm.buffer().putInt(offset, holder.rawValue());
    }

    @Test
    void streamLockThatChangedHandsIsLeftAlone() {
        try (TestSegments names = new TestSegments();
                SharedMemoryWriteStream writer = new SharedMemoryWriteStream(names.next("fuif"), 64, true);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(writer.name(), 64, true);
                SharedMemory raw = SharedMemory.open(writer.name(), true)) {
            putLockWord(raw, StreamLayout.LOCK_OFFSET, UPSTREAM); // taken after CHECKED was seen
            assertEquals(UPSTREAM, writer.forceUnlockIf(CHECKED));
            assertEquals(UPSTREAM, reader.lockHolder(), "nothing done");
            assertEquals(UPSTREAM, reader.forceUnlockIf(UPSTREAM));
            assertTrue(writer.lockHolder().isFree());
            assertTrue(writer.forceUnlockIf(new LockHolder(LockHolder.FREE)).isFree());
            writer.write("after");
            assertEquals("after", reader.readString());
            assertThrows(NullPointerException.class, () -> writer.forceUnlockIf(null));
        }
    }

    @Test
    void queueLocksThatChangedHandsAreLeftAlone() {
        try (TestSegments names = new TestSegments();
                SharedMemoryQueue queue = new SharedMemoryQueue(names.next("fuifq"), 4, 16, true, true);
                SharedMemory raw = SharedMemory.open(queue.name(), true)) {
            putLockWord(raw, QueueLayout.PRODUCER_LOCK_OFFSET, UPSTREAM);
            assertEquals(UPSTREAM, queue.forceUnlockProducersIf(CHECKED));
            assertEquals(UPSTREAM, queue.producerLockHolder());
            assertEquals(UPSTREAM, queue.forceUnlockProducersIf(UPSTREAM));
            assertTrue(queue.producerLockHolder().isFree());

            putLockWord(raw, QueueLayout.CONSUMER_LOCK_OFFSET, UPSTREAM);
            assertEquals(UPSTREAM, queue.forceUnlockConsumersIf(CHECKED));
            assertEquals(UPSTREAM, queue.consumerLockHolder());
            assertEquals(UPSTREAM, queue.forceUnlockConsumersIf(UPSTREAM));
            assertTrue(queue.consumerLockHolder().isFree());

            assertTrue(queue.enqueue("m"));
            assertEquals("m", queue.dequeueString());
        }
    }
}
