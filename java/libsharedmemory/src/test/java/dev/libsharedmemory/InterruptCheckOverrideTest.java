package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A lock wait checks its thread's interrupt status without running user code: a Thread subclass
 * overriding isInterrupted() (here, to call the library, which nested the calls and dropped the
 * outer call's SIGBUS protection) is not called from inside the wait.
 */
@DisabledOnOs(OS.WINDOWS)
class InterruptCheckOverrideTest {

    /** Counts the calls of its isInterrupted() made while it runs a library call, and calls the library in them. */
    private static final class OverridingThread extends Thread {
        final AtomicInteger callsDuringTheCall = new AtomicInteger();
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();
        private final SharedMemory other;
        private final Runnable call;
        private volatile boolean inCall;

        OverridingThread(SharedMemory other, Runnable call) {
            super("overriding-waiter");
            this.other = other;
            this.call = call;
            setDaemon(true);
        }

        @Override
        public void run() {
            inCall = true;
            try {
                call.run();
                ended.complete(null);
            } catch (Throwable t) {
                ended.complete(t);
            } finally {
                inCall = false;
            }
        }

        @Override
        public boolean isInterrupted() {
            if (inCall) {
                callsDuringTheCall.incrementAndGet();
                other.read(0, new byte[8]); // a call inside the call
            }
            return super.isInterrupted();
        }
    }

    @Test
    void aLockWaitDoesNotRunAnOverriddenIsInterrupted() throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemory other = SharedMemory.create(names.next("ovother"), 4096, false);
                SharedMemoryQueue queue = new SharedMemoryQueue(names.next("ovwait"), 4, 16384, true, true)) {
            queue.enqueue("m0");
            HeldLocks.peerHolding("queue-hold", queue.name(), "producer", "--stage", "slot", "--upstream").kill();
            queue.setLockTimeout(Duration.ofMinutes(10));
            OverridingThread waiter = new OverridingThread(other, () -> queue.enqueue(new byte[8192]));
            try {
                waiter.start();
                Thread.sleep(300); // ample time for many interrupt checks of the wait
                assertTrue(waiter.isAlive(), "the enqueue did not wait for the held lock");
                waiter.interrupt(); // the real status still ends the wait
                Throwable thrown = waiter.ended.get(20, TimeUnit.SECONDS);
                assertInstanceOf(LockWaitInterruptedException.class, thrown);
                assertEquals(0, waiter.callsDuringTheCall.get(), "the override ran inside the lock wait");
            } finally {
                try (SharedMemoryQueue release = SharedMemoryQueue.open(queue.name(), true)) {
                    release.forceUnlockProducers();
                }
            }
        }
    }
}
