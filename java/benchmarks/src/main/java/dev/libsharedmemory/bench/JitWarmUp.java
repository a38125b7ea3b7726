package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryQueue;
import dev.libsharedmemory.SharedMemoryReadStream;
import dev.libsharedmemory.SharedMemoryWriteStream;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;

/**
 * Runs the calls a wake-up row times, on a segment of its own, until the JIT has compiled them.
 * A sender or waiter that makes one call every 30 ms, or an idle wait that looks again ten times a
 * second, would otherwise run them interpreted for the whole row, and the row would time the
 * interpreter, not the wake-up or the wait.
 */
final class JitWarmUp {
    static final int ROUNDS = 20_000;
    private static final Duration PATIENCE = Duration.ofSeconds(5);
    private static final Duration EMPTY_WAIT = Duration.ofNanos(1_000);

    private JitWarmUp() {}

    /** enqueue, poll and (when {@code take} is not null) take, each {@link #ROUNDS} times. */
    static void queue(MethodHandle take) throws Throwable {
        try (SharedMemoryQueue scratch = new SharedMemoryQueue(Scenarios.uniqueName("warmq"), 16, 64, false, true)) {
            ByteBuffer out = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            for (int i = 0; i < ROUNDS; i++) {
                out.clear();
                out.putLong(0, System.nanoTime());
                scratch.enqueue(out);
                in.clear();
                if (take != null && (i & 1) == 0) {
                    take.invokeExact(scratch, in);
                } else if (scratch.poll(in, PATIENCE) < 0) {
                    throw new IllegalStateException("warm-up: the message just enqueued was not there");
                }
                in.clear();
                scratch.poll(in, EMPTY_WAIT); // empty: one slice of the sleeping wait, then the timeout
            }
        }
    }

    /** A write, awaitNewData, read, markAsRead and waitForRead, {@link #ROUNDS} times. */
    static void stream() throws InterruptedException {
        String name = Scenarios.uniqueName("warms");
        try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 64, false);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 64, true)) {
            ByteBuffer out = ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer in = ByteBuffer.allocateDirect(64);
            for (int i = 0; i < ROUNDS; i++) {
                out.clear();
                out.putLong(0, System.nanoTime());
                writer.write(out);
                if (!reader.awaitNewData(PATIENCE)) {
                    throw new IllegalStateException("warm-up: the write just made was not seen");
                }
                in.clear();
                reader.read(in);
                reader.markAsRead();
                writer.waitForRead(PATIENCE);
                reader.awaitNewData(EMPTY_WAIT); // nothing new: one slice, then the timeout
            }
        }
    }
}
