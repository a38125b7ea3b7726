package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Processes killed (SIGKILL) while holding a stream lock or a queue lock, in the middle of a
 * write, an enqueue or a dequeue: everybody else recovers by themselves (our holders) or after a
 * forced unlock (a holder of unknown identity, as a C++ libsharedmemory process), and the queue's
 * message accounting stays exact.
 */
@DisabledOnOs(OS.WINDOWS)
class DeadLockHolderTest {

    private static List<String> drain(SharedMemoryQueue queue) {
        List<String> messages = new ArrayList<>();
        for (String m; (m = queue.dequeueString()) != null;) {
            messages.add(m);
        }
        return messages;
    }

    @Test
    void producerKilledBetweenWriteIndexAndCountIsRolledBack() throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemoryQueue queue = new SharedMemoryQueue(names.next("qkill"), 8, 32, true, true)) {
            queue.enqueue("m0");
            queue.enqueue("m1");
            HeldLocks.Held held = HeldLocks.peerHolding("queue-hold", queue.name(), "producer", "half");
            assertEquals(held.process().pid(), queue.producerLockHolder().processId().orElseThrow());
            held.kill();
            assertEquals("m0", queue.dequeueString()); // consumers do not need the producer lock
            assertTrue(queue.enqueue("x")); // takes the dead producer's lock over, repairs, enqueues
            assertTrue(queue.producerLockHolder().isFree());
            assertEquals(List.of("m1", "x"), drain(queue)); // "half" was never handed over
            assertEquals(0, queue.size());
        }
    }

    @Test
    void producerKilledAfterWritingTheSlotLeavesNoTrace() throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemoryQueue queue = new SharedMemoryQueue(names.next("qkill"), 4, 32, true, true)) {
            queue.enqueue("m0");
            HeldLocks.peerHolding("queue-hold", queue.name(), "producer", "half", "--stage", "slot").kill();
            assertTrue(queue.enqueue("x"));
            assertEquals(List.of("m0", "x"), drain(queue));
        }
    }

    @Test
    void consumerKilledBetweenReadIndexAndCountRedelivers() throws Exception {
        for (String stage : List.of("index", "slot")) {
            try (TestSegments names = new TestSegments();
                    SharedMemoryQueue queue = new SharedMemoryQueue(names.next("qkill"), 4, 32, true, true)) {
                queue.enqueue("m0");
                queue.enqueue("m1");
                queue.enqueue("m2");
                HeldLocks.Held held = HeldLocks.peerHolding("queue-hold", queue.name(), "consumer", "--stage", stage);
                assertEquals(List.of("m0"), held.linesBefore()); // it had copied m0 when it died
                held.kill();
                assertTrue(queue.enqueue("m3")); // producers do not need the consumer lock
                // Its dequeue never returned m0: the next consumer gets it, exactly once.
                assertEquals(List.of("m0", "m1", "m2", "m3"), drain(queue), stage);
                assertTrue(queue.consumerLockHolder().isFree());
                assertTrue(queue.enqueue("m4"));
                assertEquals(List.of("m4"), drain(queue));
            }
        }
    }

    @Test
    void streamWriterKilledMidWriteLeavesAnEmptyPayloadNotATornOne() throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemoryWriteStream writer = new SharedMemoryWriteStream(names.next("skill"), 64, true);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(writer.name(), 64, true)) {
            writer.write("aaaaaaaaaaaaaaaa");
            reader.markAsRead();
            HeldLocks.Held held = HeldLocks.peerHolding("stream-hold-lock", writer.name(), "64");
            assertEquals(held.process().pid(), reader.lockHolder().processId().orElseThrow());
            held.kill();
            assertEquals("", reader.readString()); // not "ZZZZZZZZaaaaaaaa"
            assertFalse(reader.hasNewData()); // no write completed
            assertTrue(reader.lockHolder().isFree());
            writer.write("bbbb");
            assertTrue(reader.hasNewData());
            assertEquals("bbbb", reader.readString());
        }
    }

    @Test
    void streamWriterRecoversTheLockOfAKilledWriter() throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemoryWriteStream writer = new SharedMemoryWriteStream(names.next("skill"), 64, true);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(writer.name(), 64, true)) {
            writer.write("aaaa");
            HeldLocks.peerHolding("stream-hold-lock", writer.name(), "64").kill();
            writer.write("cc"); // the writer itself takes the lock over
            assertEquals("cc", reader.readString());
        }
    }

    @Test
    void streamLockOfUnknownHolderTimesOutThenForceUnlockWorks() throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemoryWriteStream writer = new SharedMemoryWriteStream(names.next("sup"), 64, true);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(writer.name(), 64, true)) {
            writer.write("aaaaaaaa");
            HeldLocks.peerHolding("stream-hold-lock", writer.name(), "64", "--upstream").kill();
            assertTrue(reader.lockHolder().isUnknownProcess());
            assertEquals("a process of unknown identity (value 1)", reader.lockHolder().toString());
            reader.setLockTimeout(Duration.ofMillis(200));
            LockTimeoutException e = assertThrows(LockTimeoutException.class, reader::readString);
            assertTrue(e.getMessage().contains("stream lock"), e.getMessage());
            assertTrue(e.getMessage().contains(writer.name()), e.getMessage());
            assertTrue(e.getMessage().contains("unknown identity"), e.getMessage());
            assertTrue(e.getMessage().contains("gave up after"), e.getMessage());

            LockHolder previous = reader.forceUnlock();
            assertEquals(1, previous.rawValue());
            assertTrue(reader.lockHolder().isFree()); // taken over and released at once
            // An upstream writer leaves no in-progress mark: what it copied before dying stays.
            assertEquals("ZZZZaaaa", reader.readString());
            assertTrue(reader.lockHolder().isFree());
            writer.write("new");
            assertEquals("new", reader.readString());
            assertTrue(writer.forceUnlock().isFree()); // nothing to do
        }
    }

    @Test
    void queueLockOfUnknownHolderTimesOutThenForceUnlockRepairs() throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemoryQueue queue = new SharedMemoryQueue(names.next("qup"), 4, 32, true, true)) {
            queue.enqueue("m0");
            queue.enqueue("m1");
            HeldLocks.peerHolding("queue-hold", queue.name(), "producer", "half", "--upstream").kill();
            queue.setLockTimeout(Duration.ofMillis(200));
            LockTimeoutException e = assertThrows(LockTimeoutException.class, () -> queue.enqueue("x"));
            assertTrue(e.getMessage().contains("queue producer lock"), e.getMessage());
            assertTrue(e.getMessage().contains(queue.name()), e.getMessage());
            assertTrue(e.getMessage().contains("gave up after"), e.getMessage());

            assertEquals(new LockHolder(1), queue.forceUnlockProducers());
            assertTrue(queue.producerLockHolder().isFree());
            assertTrue(queue.enqueue("x"));
            assertEquals(List.of("m0", "m1", "x"), drain(queue));

            queue.enqueue("m2");
            HeldLocks.peerHolding("queue-hold", queue.name(), "consumer", "--upstream").kill();
            assertThrows(LockTimeoutException.class, queue::dequeue);
            assertEquals(1, queue.forceUnlockConsumers().rawValue());
            assertArrayEquals("m2".getBytes(), queue.dequeue());
            assertNull(queue.dequeue());
        }
    }

    @Test
    void lockHolderDescriptions() {
        assertEquals("free", new LockHolder(0).toString());
        assertEquals("process 1234", new LockHolder(0x8000_0000 | 1234).toString());
        assertEquals(1234, new LockHolder(0x8000_0000 | 1234).processId().orElseThrow());
        assertTrue(new LockHolder(0x8000_0000).isAbandoned());
        assertTrue(new LockHolder(0x8000_0000).processId().isEmpty());
        assertFalse(new LockHolder(1).processId().isPresent());
    }
}
