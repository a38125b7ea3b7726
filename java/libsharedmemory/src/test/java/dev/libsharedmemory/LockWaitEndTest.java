package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A thread waiting for a lock that a dead C++ peer left held (value 1, which nothing recovers by
 * itself) gets out promptly when its handle is closed or the thread is interrupted, with a lock
 * timeout so long (10 minutes) that only that can end the wait while the test runs.
 */
@DisabledOnOs(OS.WINDOWS)
class LockWaitEndTest {
    private static final Duration FOREVER = Duration.ofMinutes(10);

    /** What a waiting thread ended with: its exception and whether it was still interrupted. */
    private record Ending(Throwable thrown, boolean interrupted) {}

    /** An operation that waits for the held lock, run in a thread of its own. */
    private static final class Waiter {
        private final Thread thread;
        private final CompletableFuture<Ending> ending = new CompletableFuture<>();
        private final CountDownLatch started = new CountDownLatch(1);

        Waiter(Runnable operation) {
            thread = new Thread(() -> {
                started.countDown();
                try {
                    operation.run();
                    ending.complete(new Ending(null, Thread.currentThread().isInterrupted()));
                } catch (Throwable t) {
                    ending.complete(new Ending(t, Thread.currentThread().isInterrupted()));
                }
            }, "lock-waiter");
            thread.setDaemon(true);
            thread.start();
        }

        /** Returns once the operation has had ample time to reach its lock wait (it cannot leave it by itself). */
        Waiter waiting() throws InterruptedException {
            started.await();
            Thread.sleep(200);
            assertTrue(thread.isAlive() && !ending.isDone(), "the operation did not wait for the held lock");
            return this;
        }

        Ending end() throws InterruptedException, ExecutionException {
            try {
                return ending.get(20, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("the waiter is still waiting for the lock", e);
            }
        }
    }

    /** Runs {@code action} in a daemon thread and fails if it does not return in time (close must not block). */
    private static void returnsPromptly(String what, Runnable action) throws Exception {
        CompletableFuture<Void> done = CompletableFuture.runAsync(action, runnable -> {
            Thread t = new Thread(runnable, what);
            t.setDaemon(true);
            t.start();
        });
        try {
            done.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError(what + " did not return", e);
        }
    }

    /** A queue whose producer (or consumer) lock a killed upstream peer left held. */
    private static SharedMemoryQueue heldQueue(TestSegments names, String side) throws Exception {
        SharedMemoryQueue queue = new SharedMemoryQueue(names.next("qwait"), 4, 16384, true, true);
        queue.enqueue("m0");
        HeldLocks.peerHolding("queue-hold", queue.name(), side, "--stage", "slot", "--upstream").kill();
        queue.setLockTimeout(FOREVER);
        return queue;
    }

    /** A stream whose lock a killed upstream peer left held. */
    private static SharedMemoryWriteStream heldStream(TestSegments names) throws Exception {
        SharedMemoryWriteStream writer = new SharedMemoryWriteStream(names.next("swait"), 64, true);
        writer.write("aaaa");
        HeldLocks.peerHolding("stream-hold-lock", writer.name(), "64", "--upstream").kill();
        writer.setLockTimeout(FOREVER);
        return writer;
    }

    /**
     * Frees the held locks through a handle of its own, so that waiters the fix did not end get
     * their lock and a failing test still ends.
     */
    private static void release(SharedMemoryQueue... queues) {
        for (SharedMemoryQueue queue : queues) {
            try (SharedMemoryQueue other = SharedMemoryQueue.open(queue.name(), true)) {
                other.forceUnlockProducers();
                other.forceUnlockConsumers();
            }
        }
    }

    private static void release(SharedMemoryWriteStream writer) {
        try (SharedMemoryReadStream other = new SharedMemoryReadStream(writer.name(), 64, true)) {
            other.forceUnlock();
        }
    }

    @Test
    void closingAQueueEndsItsLockWaits() throws Exception {
        try (TestSegments names = new TestSegments(); SharedMemoryQueue producers = heldQueue(names, "producer");
                SharedMemoryQueue consumers = heldQueue(names, "consumer")) {
            Waiter producer = new Waiter(() -> producers.enqueue("x"));
            Waiter largeProducer = new Waiter(() -> producers.enqueue(new byte[8192]));
            Waiter consumer = new Waiter(consumers::dequeue);
            try {
                producer.waiting();
                largeProducer.waiting();
                consumer.waiting();
                returnsPromptly("close", producers::close);
                returnsPromptly("close", consumers::close);
                for (Waiter waiter : new Waiter[] {producer, largeProducer, consumer}) {
                    assertInstanceOf(SegmentClosedException.class, waiter.end().thrown());
                }
            } finally {
                release(producers, consumers);
            }
        }
    }

    @Test
    void closingAStreamEndsItsLockWaits() throws Exception {
        try (TestSegments names = new TestSegments(); SharedMemoryWriteStream writer = heldStream(names);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(writer.name(), 64, true)) {
            reader.setLockTimeout(FOREVER);
            Waiter writing = new Waiter(() -> writer.write("bb"));
            Waiter reading = new Waiter(reader::readString);
            try {
                writing.waiting();
                reading.waiting();
                returnsPromptly("close writer", writer::close);
                returnsPromptly("close reader", reader::close);
                Ending written = writing.end();
                assertInstanceOf(SegmentClosedException.class, written.thrown());
                assertTrue(written.thrown().getMessage().contains(writer.name()), written.thrown().getMessage());
                assertInstanceOf(SegmentClosedException.class, reading.end().thrown());
            } finally {
                release(writer);
            }
        }
    }

    @Test
    void interruptingAQueueLockWaitThrowsWithTheInterruptKept() throws Exception {
        try (TestSegments names = new TestSegments(); SharedMemoryQueue producers = heldQueue(names, "producer");
                SharedMemoryQueue consumers = heldQueue(names, "consumer")) {
            Waiter producer = new Waiter(() -> producers.enqueue(new byte[8192]));
            Waiter consumer = new Waiter(consumers::dequeue);
            try {
                producer.waiting().thread.interrupt();
                consumer.waiting().thread.interrupt();
                for (Waiter waiter : new Waiter[] {producer, consumer}) {
                    Ending ending = waiter.end();
                    assertInstanceOf(LockWaitInterruptedException.class, ending.thrown());
                    assertTrue(ending.interrupted(), "the interrupt status was cleared");
                }
                assertTrue(producer.end().thrown().getMessage().contains(producers.name()),
                        producer.end().thrown().getMessage());
                assertEquals(1, producers.producerLockHolder().rawValue()); // nothing was taken over
            } finally {
                release(producers, consumers);
            }
            assertEquals("m0", producers.dequeueString()); // the interrupted enqueue changed nothing
            assertNull(producers.dequeueString());
            assertTrue(consumers.enqueue("m1")); // nor did the interrupted dequeue
            assertEquals("m0", consumers.dequeueString());
        }
    }

    /** An operation that declares InterruptedException, for {@link Waiter}. */
    private interface Interruptible {
        void run() throws InterruptedException;
    }

    private static Runnable unchecked(Interruptible operation) {
        return () -> {
            try {
                operation.run();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    void interruptingALockWaitInOfferOrPollThrowsInterruptedException() throws Exception {
        try (TestSegments names = new TestSegments(); SharedMemoryQueue producers = heldQueue(names, "producer");
                SharedMemoryQueue consumers = heldQueue(names, "consumer")) {
            Waiter offering = new Waiter(unchecked(() -> producers.offer("x".getBytes(), FOREVER)));
            Waiter polling = new Waiter(unchecked(() -> consumers.poll(FOREVER)));
            try {
                offering.waiting().thread.interrupt();
                polling.waiting().thread.interrupt();
                for (Waiter waiter : new Waiter[] {offering, polling}) {
                    Ending ending = waiter.end();
                    Throwable interrupted = assertInstanceOf(InterruptedException.class, ending.thrown().getCause());
                    assertInstanceOf(LockWaitInterruptedException.class, interrupted.getCause());
                    assertFalse(ending.interrupted(), "InterruptedException clears the interrupt status");
                }
            } finally {
                release(producers, consumers);
            }
        }
    }

    @Test
    void interruptingAStreamLockWaitThrowsWithTheInterruptKept() throws Exception {
        try (TestSegments names = new TestSegments(); SharedMemoryWriteStream writer = heldStream(names);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(writer.name(), 64, true)) {
            reader.setLockTimeout(FOREVER);
            Waiter writing = new Waiter(() -> writer.write(new float[8]));
            Waiter reading = new Waiter(reader::readString);
            try {
                writing.waiting().thread.interrupt();
                reading.waiting().thread.interrupt();
                for (Waiter waiter : new Waiter[] {writing, reading}) {
                    Ending ending = waiter.end();
                    assertInstanceOf(LockWaitInterruptedException.class, ending.thrown());
                    assertTrue(ending.interrupted(), "the interrupt status was cleared");
                }
            } finally {
                release(writer);
            }
            assertEquals("ZZaa", reader.readString()); // what the dead peer left: the interrupted write did nothing
        }
    }
}
