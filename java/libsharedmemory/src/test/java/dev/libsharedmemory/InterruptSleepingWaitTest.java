package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.condition.OS;

/**
 * Thread.interrupt() reaches a thread asleep in the kernel at once (SleepInterruptor), not when
 * its slice ends: every sleeper here has a one-hour slice and a one-hour timeout, so only the
 * interrupt's wake-up can end its wait before the test's {@code @Timeout}. No time is asserted.
 */
@EnabledOnOs(OS.LINUX)
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a wait stuck in native fails, not hangs
class InterruptSleepingWaitTest {
    private static final WaitStrategy HOUR_SLICES = WaitStrategy.sleep(Duration.ofHours(1));
    private static final Duration HOUR = Duration.ofHours(1);
    private static final long HOUR_NANOS = HOUR.toNanos();
    private static final int SIZE = 64;
    private static final int CAPACITY = QueueWakeTest.CAPACITY;
    private static final int RING = QueueWakeTest.RING;

    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test
    void awaitNewData() throws Exception {
        try (Stream s = new Stream()) {
            assertInterruptedAsleep(() -> s.in.awaitNewData(HOUR), () -> s.raw.buffer().get(2));
        }
    }

    @Test
    void waitForRead() throws Exception {
        try (Stream s = new Stream()) {
            s.out.write("unread");
            assertInterruptedAsleep(() -> s.out.waitForRead(HOUR), () -> s.raw.buffer().get(3));
        }
    }

    @Test
    void pollWithATimeout() throws Exception {
        try (Queue q = new Queue()) {
            assertInterruptedAsleep(() -> q.queue.poll(HOUR), q::consumersAsleep);
        }
    }

    @Test
    void take() throws Exception {
        try (Queue q = new Queue()) {
            assertInterruptedAsleep(q.queue::take, q::consumersAsleep);
        }
    }

    @Test
    void offerWithATimeout() throws Exception {
        try (Queue q = new Queue()) {
            q.fill();
            assertInterruptedAsleep(() -> q.queue.offer("3", HOUR), q::producersAsleep);
            assertEquals(CAPACITY, q.queue.size(), "nothing was appended");
        }
    }

    @Test
    void put() throws Exception {
        try (Queue q = new Queue()) {
            q.fill();
            assertInterruptedAsleep(() -> {
                q.queue.put("3");
                return null;
            }, q::producersAsleep);
            assertEquals(CAPACITY, q.queue.size(), "nothing was appended");
        }
    }

    @Test
    @EnabledForJreRange(min = JRE.JAVA_21)
    void aVirtualThreadAsleep() throws Exception {
        try (Queue q = new Queue()) {
            assertInterruptedAsleep(q.queue::take, q::consumersAsleep, InterruptSleepingWaitTest::virtualThread);
        }
    }

    /** Interrupts come at random moments, also just before the sleep (the lost-wake window): none is lost. */
    @Test
    void interruptsAtAnyMomentEndTheWait() throws Exception {
        try (Stream s = new Stream()) {
            for (int i = 0; i < 200; i++) {
                CompletableFuture<String> ended = new CompletableFuture<>();
                Thread waiter = new Thread(() -> ended.complete(outcome(() -> s.in.awaitNewData(HOUR))));
                waiter.setDaemon(true); // one that is never woken must not keep the JVM alive
                waiter.start();
                long spinUntil = System.nanoTime() + ThreadLocalRandom.current().nextLong(200_000);
                while (System.nanoTime() - spinUntil < 0) {
                    Thread.onSpinWait();
                }
                waiter.interrupt();
                assertEquals("interrupted", ended.get(30, TimeUnit.SECONDS), "round " + i);
                waiter.join();
            }
        }
    }

    /** A sleep looks at the interrupt status before it sleeps: an interrupt already there is not lost. */
    @Test
    void anInterruptBeforeTheSleepEndsItAtOnce() throws Exception {
        try (Stream s = new Stream()) {
            WaitTarget newData = new NativeWait(s.in, s.in.h.handle, StreamCalls::sleepForNewData,
                    StreamNative::wakeReaderSleepers, null);
            WaitTarget read = new NativeWait(s.out, s.out.h.handle, StreamCalls::sleepForRead,
                    StreamNative::wakeWriterSleepers, null);
            Thread.currentThread().interrupt();
            try {
                sleepOnce(newData, HOUR_NANOS, HOUR_NANOS); // returns at once: no sleep
                s.out.write("unread");
                sleepOnce(read, HOUR_NANOS, HOUR_NANOS);
                assertTrue(Thread.currentThread().isInterrupted(), "the sleep leaves the status to Java");
                assertThrows(InterruptedException.class, () -> s.out.waitForRead(HOUR));
                assertFalse(Thread.currentThread().isInterrupted(), "waitForRead clears the status");
            } finally {
                Thread.interrupted();
            }
        }
    }

    /** Every sleep, however it ends, unhooks the thread: a later interrupt touches no handle. */
    @Test
    void theInterruptorIsClearedAfterEverySleep() throws Exception {
        AtomicInteger wakes = new AtomicInteger();
        WaitTarget returns = new CountingTarget(wakes, () -> {});
        WaitTarget throwsClosed = new CountingTarget(wakes, () -> {
            throw new SegmentClosedException("closed meanwhile");
        });
        CompletableFuture<Void> slept = new CompletableFuture<>();
        CompletableFuture<String> later = new CompletableFuture<>();
        Thread sleeper = new Thread(() -> {
            sleepOnce(returns, 1, 1);
            try {
                sleepOnce(throwsClosed, 1, 1);
            } catch (SegmentClosedException expected) {
                // as a close during the sleep ends it
            }
            slept.complete(null);
            later.complete(outcome(() -> {
                Thread.sleep(HOUR.toMillis());
                return null;
            }));
        });
        sleeper.setDaemon(true);
        sleeper.start();
        slept.get(30, TimeUnit.SECONDS);
        sleeper.interrupt();
        assertEquals("interrupted", later.get(30, TimeUnit.SECONDS));
        assertEquals(0, wakes.get(), "an interrupt after the sleeps woke a handle");
    }

    private static final class CountingTarget implements WaitTarget {
        private final AtomicInteger wakes;
        private final Runnable sleep;

        CountingTarget(AtomicInteger wakes, Runnable sleep) {
            this.wakes = wakes;
            this.sleep = sleep;
        }

        @Override
        public void sleep(long nanos, long unwokenNanos) {
            sleep.run();
        }

        @Override
        public void wakeSleepers() {
            wakes.incrementAndGet();
        }
    }

    // ---- helpers ----

    private static void assertInterruptedAsleep(WaitTests.Blocking call, IntSupplier sleepers) throws Exception {
        assertInterruptedAsleep(call, sleepers, Thread::new);
    }

    /** Starts {@code call} on a thread, waits until it sleeps, interrupts it: InterruptedException, status cleared. */
    private static void assertInterruptedAsleep(WaitTests.Blocking call, IntSupplier sleepers,
            Function<Runnable, Thread> threads) throws Exception {
        CompletableFuture<String> ended = new CompletableFuture<>();
        Thread waiter = threads.apply(() -> ended.complete(outcome(call)));
        waiter.setDaemon(true); // one that is never woken must not keep the JVM alive
        waiter.start();
        WaitTests.awaitOneSleeper(sleepers);
        waiter.interrupt();
        assertEquals("interrupted", ended.get(30, TimeUnit.SECONDS));
        waiter.join();
    }

    private static String outcome(WaitTests.Blocking call) {
        try {
            call.call();
            return "returned";
        } catch (InterruptedException e) {
            return Thread.currentThread().isInterrupted() ? "status kept" : "interrupted";
        } catch (Throwable t) {
            return t.toString();
        }
    }

    /** Thread.ofVirtual().unstarted(task), by reflection: this code compiles for Java 17. */
    private static Thread virtualThread(Runnable task) {
        try {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            return (Thread) Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class)
                    .invoke(builder, task);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** One sleep with the thread hooked for it alone, as a wait's sleeps are. */
    private static void sleepOnce(WaitTarget target, long nanos, long unwokenNanos) {
        SleepInterruptor interruptor = SleepInterruptor.enter();
        try {
            interruptor.sleep(target, nanos, unwokenNanos);
        } finally {
            interruptor.leave();
        }
    }

    /** A stream whose reader and writer sleep in hour slices, and its header's waiter counts. */
    private final class Stream implements AutoCloseable {
        final SharedMemoryWriteStream out;
        final SharedMemoryReadStream in;
        final SharedMemory raw;

        Stream() {
            String name = names.next("intstr");
            out = new SharedMemoryWriteStream(name, SIZE, true);
            in = new SharedMemoryReadStream(name, SIZE, true);
            raw = SharedMemory.open(name, SIZE, true);
            out.setWaitStrategy(HOUR_SLICES);
            in.setWaitStrategy(HOUR_SLICES);
        }

        @Override
        public void close() {
            raw.close();
            in.close();
            out.close();
        }
    }

    /** A queue whose handle sleeps in hour slices, and its wake block's waiter counts. */
    private final class Queue implements AutoCloseable {
        final SharedMemoryQueue queue;
        final SharedMemory raw;

        Queue() {
            String name = names.next("intq");
            queue = new SharedMemoryQueue(name, CAPACITY, QueueWakeTest.MAX, true, true);
            raw = SharedMemory.open(name, RING + QueueWakeTest.BLOCK, true);
            queue.setWaitStrategy(HOUR_SLICES);
        }

        void fill() {
            assertTrue(queue.enqueue("1") && queue.enqueue("2"));
        }

        int consumersAsleep() {
            return raw.buffer().get(RING + 8);
        }

        int producersAsleep() {
            return raw.buffer().get(RING + 9);
        }

        @Override
        public void close() {
            raw.close();
            queue.close();
        }
    }
}
