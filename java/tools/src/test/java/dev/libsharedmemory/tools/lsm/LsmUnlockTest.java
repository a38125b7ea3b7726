package dev.libsharedmemory.tools.lsm;

import static dev.libsharedmemory.tools.lsm.LsmInspectTest.assertContains;
import static dev.libsharedmemory.tools.lsm.LsmProcess.lsm;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.libsharedmemory.HeldLocks;
import dev.libsharedmemory.LockHolder;
import dev.libsharedmemory.QueueLayout;
import dev.libsharedmemory.SharedMemory;
import dev.libsharedmemory.SharedMemoryQueue;
import dev.libsharedmemory.SharedMemoryReadStream;
import dev.libsharedmemory.SharedMemoryWriteStream;
import dev.libsharedmemory.StreamLayout;
import dev.libsharedmemory.TestSegments;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** lsm unlock against real holders: native peers that hold a lock, alive or killed. */
@DisabledOnOs(OS.WINDOWS)
class LsmUnlockTest {
    private static final int SIZE = 64;

    private static int lockWord(String name, int offset) {
        try (SharedMemory shm = SharedMemory.open(name, true)) {
            return shm.buffer().getInt(offset);
        }
    }

    private static int token(Process process) {
        return (int) (LockHolder.TOKEN_BIT | process.pid());
    }

    @Test
    void unlocksAStreamWhoseHolderDiedAfterADryRun() throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemoryWriteStream writer = new SharedMemoryWriteStream(names.next("udead"), SIZE, true)) {
            String name = writer.name();
            writer.write("before");
            HeldLocks.Held held = HeldLocks.peerHolding("stream-hold-lock", name, Integer.toString(SIZE));
            int dead = token(held.process());
            held.kill();

            String dry = lsm("unlock", name).assertOk().out();
            assertContains(dry, "stream lock: held by process " + held.process().pid() + " (not running",
                    "would be unlocked (add --yes to do it)");
            assertEquals(dead, lockWord(name, StreamLayout.LOCK_OFFSET), "a dry run changes nothing");

            assertContains(lsm("unlock", name, "--yes").assertOk().out(), "stream lock: unlocked; now free");
            assertEquals(LockHolder.FREE, lockWord(name, StreamLayout.LOCK_OFFSET));
            try (SharedMemoryReadStream reader = new SharedMemoryReadStream(name, SIZE, true)) {
                assertTrue(reader.lockHolder().isFree());
                // The dead writer had marked its write in progress: the torn payload was emptied.
                assertArrayEquals(new byte[0], reader.readBytes());
            }
            writer.write("after");
            assertContains(lsm("read", name).assertOk().out(), "after");
        }
    }

    @Test
    void refusesALiveHolderAndChangesNothing() throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemoryWriteStream writer = new SharedMemoryWriteStream(names.next("ulive"), SIZE, true)) {
            String name = writer.name();
            HeldLocks.Held held = HeldLocks.peerHolding("stream-hold-lock", name, Integer.toString(SIZE));
            try {
                LsmProcess.Result refused = lsm("unlock", name, "--yes").assertExit(ExitCode.HELD);
                assertContains(refused.out(), "held by process " + held.process().pid() + " (alive)",
                        "refused: that process is running");
                assertContains(refused.err(), "nothing was unlocked");
                assertEquals(token(held.process()), lockWord(name, StreamLayout.LOCK_OFFSET));
            } finally {
                held.kill();
            }
        }
    }

    @Test
    void anUnknownHolderNeedsForceUnknown() throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemoryWriteStream writer = new SharedMemoryWriteStream(names.next("uunk"), SIZE, true)) {
            String name = writer.name();
            // As a C++ libsharedmemory process: it stores 1, which does not say who it is.
            HeldLocks.peerHolding("stream-hold-lock", name, Integer.toString(SIZE), "--upstream").kill();

            assertContains(lsm("unlock", name, "--yes").assertExit(ExitCode.HELD).out(),
                    "held by a process of unknown identity (value 1)", "add --force-unknown");
            assertEquals(LockHolder.UPSTREAM_HELD, lockWord(name, StreamLayout.LOCK_OFFSET));

            assertContains(lsm("unlock", name, "--yes", "--force-unknown").assertOk().out(), "unlocked; now free");
            assertEquals(LockHolder.FREE, lockWord(name, StreamLayout.LOCK_OFFSET));
        }
    }

    @Test
    void unlocksTheQueueLockWhoseHolderDiedAndRefusesTheLiveOne() throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemoryQueue queue = new SharedMemoryQueue(names.next("uqueue"), 4, 32, true, true)) {
            String name = queue.name();
            assertTrue(queue.enqueue("m0"));
            // The producer dies after writing its slot, before moving an index (a producer and a consumer
            // that both die half-way past their index cancel out: see queue_repair.cpp's limits).
            HeldLocks.Held producer = HeldLocks.peerHolding("queue-hold", name, "producer", "half", "--stage", "slot");
            int deadProducer = token(producer.process());
            producer.kill();
            HeldLocks.Held consumer = HeldLocks.peerHolding("queue-hold", name, "consumer");
            try {
                // Both locks by default: the live consumer refuses the whole unlock.
                LsmProcess.Result refused = lsm("unlock", name, "--yes").assertExit(ExitCode.HELD);
                assertContains(refused.out(), "producer lock: held by process " + producer.process().pid()
                        + " (not running", "could be unlocked, but nothing changes", "consumer lock: held by process "
                        + consumer.process().pid() + " (alive)");
                assertEquals(deadProducer, lockWord(name, QueueLayout.PRODUCER_LOCK_OFFSET));

                // The repair of the producer side needs the consumer lock too, which stays held.
                assertContains(lsm("unlock", name, "--producers", "--yes").assertExit(ExitCode.TIMEOUT).err(),
                        "repairing the queue needs the consumer lock too", "is held by process " + consumer.process().pid());
                assertEquals(LockHolder.ABANDONED, lockWord(name, QueueLayout.PRODUCER_LOCK_OFFSET));
                assertContains(lsm("inspect", name).assertOk().out(),
                        "producerLock     nobody (unlocked by force, not yet taken over)");
                assertEquals(token(consumer.process()), lockWord(name, QueueLayout.CONSUMER_LOCK_OFFSET));
            } finally {
                consumer.kill();
            }
            // Now both holders are gone: the producer side's repair takes the consumer lock over as well.
            assertContains(lsm("unlock", name, "--yes").assertOk().out(), "producer lock: unlocked; now free",
                    "consumer lock: already free");
            assertEquals(LockHolder.FREE, lockWord(name, QueueLayout.PRODUCER_LOCK_OFFSET));
            assertEquals(LockHolder.FREE, lockWord(name, QueueLayout.CONSUMER_LOCK_OFFSET));
            // The dead producer's "half" was never handed over; the dead consumer's m0 is delivered again.
            assertTrue(queue.producerLockHolder().isFree() && queue.consumerLockHolder().isFree());
            assertTrue(queue.enqueue("m1"));
            assertEquals("m0", queue.dequeueString());
            assertEquals("m1", queue.dequeueString());
            assertEquals(0, queue.size());
        }
    }

    @Test
    void refusesWhatHasNoLock() {
        try (TestSegments names = new TestSegments()) {
            String raw = names.next("uraw");
            Crafted.raw(raw, 16, new byte[] {(byte) 0xff});
            assertContains(lsm("unlock", raw).assertExit(ExitCode.WRONG_KIND).err(), "neither a stream nor a queue");
            String stream = names.next("ustr");
            Crafted.stream(stream, SIZE, 0x02, 1, 1, "x", 0);
            assertContains(lsm("unlock", stream, "--producers").assertExit(ExitCode.USAGE).err(), "for queues");
            assertContains(lsm("unlock", stream).assertOk().out(), "stream lock: free; nothing to do");
            assertContains(lsm("unlock", "x", "--producers", "--consumers").assertExit(ExitCode.USAGE).err(),
                    "mutually exclusive");
        }
    }

    private static void setLockWord(String name, int offset, int value) {
        try (SharedMemory shm = SharedMemory.open(name, true)) {
            shm.buffer().putInt(offset, value);
        }
    }

    /**
     * The holder may change between unlock's check and its force: the one that took the lock
     * since is left alone (checked then forced, it was forced out), and unlock says so.
     */
    @Test
    void aLockThatChangedHandsAfterTheCheckIsLeftAlone() {
        int gone = LockHolder.TOKEN_BIT | 0x3ffffff0; // checked: a holder that cannot be running
        UnlockDecision checked = UnlockDecision.of("stream lock", LockState.of(Integer.toUnsignedLong(gone)), false);
        assertEquals(UnlockDecision.Verdict.UNLOCK, checked.verdict());
        try (TestSegments names = new TestSegments();
                SharedMemoryWriteStream writer = new SharedMemoryWriteStream(names.next("uchg"), SIZE, true);
                SharedMemoryQueue queue = new SharedMemoryQueue(names.next("uchgq"), 4, 16, true, true)) {
            UnlockCommand unlock = new UnlockCommand();
            unlock.name = writer.name();
            setLockWord(writer.name(), StreamLayout.LOCK_OFFSET, 1); // meanwhile a C++ process took it
            assertEquals(ExitCode.HELD, unlock.force(Kind.STREAM, SIZE, checked));
            assertEquals(1, lockWord(writer.name(), StreamLayout.LOCK_OFFSET), "the new holder keeps the lock");

            unlock.name = queue.name();
            for (int offset : new int[] {QueueLayout.PRODUCER_LOCK_OFFSET, QueueLayout.CONSUMER_LOCK_OFFSET}) {
                String lock = offset == QueueLayout.PRODUCER_LOCK_OFFSET ? "producer lock" : "consumer lock";
                setLockWord(queue.name(), offset, 1);
                UnlockDecision queueChecked = UnlockDecision.of(lock, checked.state(), false);
                assertEquals(ExitCode.HELD, unlock.force(Kind.QUEUE, 0, queueChecked));
                assertEquals(1, lockWord(queue.name(), offset), lock);
                setLockWord(queue.name(), offset, 0);
            }
        }
    }
}
