package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryQueue;
import dev.libsharedmemory.SharedMemoryReadStream;
import dev.libsharedmemory.SharedMemoryWriteStream;
import java.lang.invoke.MethodHandle;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * The timed window of a wake-up row, each side in one method: the sender's from taking the time
 * to its enqueue or write returning, the waiter's from entering the wait to taking the time.
 * {@link JitWarmUp} runs these very methods until the JIT has compiled them, so that a sample
 * times the library and the wake-up, not the interpreter running this harness: the loops that
 * call them run a few hundred times, one message every 30 ms, and stay interpreted, and an
 * interpreted harness around a call is tens of microseconds of cold code after a 30 ms sleep.
 */
final class TimedSteps {
    private TimedSteps() {}

    /** Enqueues System.nanoTime() as 8 bytes (little-endian {@code out}); retries with a pause while full. */
    static void enqueueTime(SharedMemoryQueue queue, ByteBuffer out) {
        out.clear();
        out.putLong(0, System.nanoTime());
        long since = 0;
        for (int round = 0; !queue.enqueue(out); round++) {
            since = Spin.pause(round, since);
        }
    }

    /** Writes System.nanoTime() as 8 bytes (little-endian {@code out}). */
    static void writeTime(SharedMemoryWriteStream stream, ByteBuffer out) {
        out.clear();
        out.putLong(0, System.nanoTime());
        stream.write(out);
    }

    /** poll(into, timeout), then the time it returned; -1 when it timed out. */
    static long pollTimed(SharedMemoryQueue queue, ByteBuffer into, Duration timeout) throws InterruptedException {
        return queue.poll(into, timeout) < 0 ? -1 : System.nanoTime();
    }

    /** take(into) through {@code take} ((queue, buffer) -> void), then the time it returned. */
    static long takeTimed(MethodHandle take, SharedMemoryQueue queue, ByteBuffer into) throws Throwable {
        take.invokeExact(queue, into);
        return System.nanoTime();
    }

    /** awaitNewData(timeout), then the time it returned; -1 when it timed out. */
    static long awaitTimed(SharedMemoryReadStream reader, Duration timeout) throws InterruptedException {
        return reader.awaitNewData(timeout) ? System.nanoTime() : -1;
    }
}
