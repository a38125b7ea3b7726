package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryQueue;
import dev.libsharedmemory.SharedMemoryReadStream;
import dev.libsharedmemory.SharedMemoryWriteStream;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs the calls a wake-up row times ({@link TimedSteps}: the very methods), on a segment of its
 * own, until the JIT has compiled them.
 * A sender or waiter that makes one call every 30 ms, or an idle wait that looks again ten times a
 * second, would otherwise run them interpreted for the whole row, and the row would time the
 * interpreter, not the wake-up or the wait.
 */
final class JitWarmUp {
    static final int ROUNDS = 20_000;
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final Duration EMPTY_WAIT = Duration.ofNanos(1_000);
    /**
     * Rounds in which the wait goes to sleep and a send from another thread wakes it: the path a
     * wake-up row times (the rounds above find their message at once and never take it), so the
     * JIT compiles it too, instead of meeting it first in the row.
     */
    static final int WOKEN_ROUNDS = 10_000;
    /** How long the other thread waits before it sends: the wait has gone to sleep by then. */
    private static final long SEND_DELAY_NANOS = 20_000;

    /** One step of a woken round (a wait, or the send that ends it). */
    private interface Step {
        void run() throws Throwable;
    }

    private JitWarmUp() {}

    /**
     * enqueue, poll and (when {@code take} is not null) take, each {@link #ROUNDS} times; then
     * {@link #WOKEN_ROUNDS} polls and takes woken by an enqueue.
     */
    static void queue(MethodHandle take) throws Throwable {
        try (SharedMemoryQueue scratch = new SharedMemoryQueue(Scenarios.uniqueName("warmq"), 16, 64, false, true)) {
            ByteBuffer out = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            for (int i = 0; i < ROUNDS; i++) {
                TimedSteps.enqueueTime(scratch, out);
                in.clear();
                if (take != null && (i & 1) == 0) {
                    TimedSteps.takeTimed(take, scratch, in);
                } else if (TimedSteps.pollTimed(scratch, in, PATIENCE) < 0) {
                    throw new IllegalStateException("warm-up: the message just enqueued was not there");
                }
                in.clear();
                scratch.poll(in, EMPTY_WAIT); // empty: one slice of the sleeping wait, then the timeout
            }
            ByteBuffer sent = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            int[] round = {0};
            woken(() -> TimedSteps.enqueueTime(scratch, sent), () -> {
                in.clear();
                if (take != null && (++round[0] & 1) == 0) {
                    TimedSteps.takeTimed(take, scratch, in);
                } else if (TimedSteps.pollTimed(scratch, in, PATIENCE) < 0) {
                    throw new IllegalStateException("warm-up: no message within " + PATIENCE);
                }
            });
        }
    }

    /**
     * A write, awaitNewData, read, markAsRead and waitForRead, {@link #ROUNDS} times; then
     * {@link #WOKEN_ROUNDS} awaits woken by a write.
     */
    static void stream() throws InterruptedException {
        String name = Scenarios.uniqueName("warms");
        try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 64, false);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 64, true)) {
            ByteBuffer out = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            for (int i = 0; i < ROUNDS; i++) {
                TimedSteps.writeTime(writer, out);
                if (TimedSteps.awaitTimed(reader, PATIENCE) < 0) {
                    throw new IllegalStateException("warm-up: the write just made was not seen");
                }
                in.clear();
                reader.read(in);
                reader.markAsRead();
                writer.waitForRead(PATIENCE);
                reader.awaitNewData(EMPTY_WAIT); // nothing new: one slice, then the timeout
            }
            ByteBuffer sent = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            woken(() -> {
                TimedSteps.writeTime(writer, sent);
                writer.waitForRead(PATIENCE);
            }, () -> {
                if (TimedSteps.awaitTimed(reader, PATIENCE) < 0) {
                    throw new IllegalStateException("warm-up: no write within " + PATIENCE);
                }
                in.clear();
                reader.read(in);
                reader.markAsRead();
            });
        }
    }

    /**
     * {@link #WOKEN_ROUNDS} times: this thread runs {@code await}, which must wait for what
     * {@code send} sends; a second thread runs {@code send} {@link #SEND_DELAY_NANOS} after this
     * thread began the round.
     */
    private static void woken(Step send, Step await) throws InterruptedException {
        AtomicInteger begun = new AtomicInteger();
        Throwable[] failed = {null};
        Thread waiter = Thread.currentThread();
        Thread sender = new Thread(() -> {
            try {
                for (int round = 1; round <= WOKEN_ROUNDS; round++) {
                    while (begun.get() < round) {
                        if (begun.get() < 0) {
                            return; // the waiting side failed
                        }
                        Thread.onSpinWait();
                    }
                    long start = System.nanoTime();
                    while (System.nanoTime() - start < SEND_DELAY_NANOS) {
                        Thread.onSpinWait();
                    }
                    send.run();
                }
            } catch (Throwable t) {
                failed[0] = t;
                waiter.interrupt(); // a take() waits without end for the send that failed
            }
        }, "warm-up-sender");
        sender.setDaemon(true);
        sender.start();
        try {
            for (int round = 1; round <= WOKEN_ROUNDS; round++) {
                begun.set(round);
                await.run();
            }
        } catch (Throwable t) {
            begun.set(-1);
            throw new IllegalStateException("warm-up: a woken round failed", failed[0] != null ? failed[0] : t);
        } finally {
            sender.join();
        }
        if (failed[0] != null) {
            throw new IllegalStateException("warm-up: a send failed", failed[0]);
        }
    }
}
