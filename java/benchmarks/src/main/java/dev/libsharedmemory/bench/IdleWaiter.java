package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryQueue;
import dev.libsharedmemory.SharedMemoryReadStream;
import dev.libsharedmemory.SharedMemoryWriteStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * What one wait on a segment nobody writes costs its thread: the CPU time of this thread
 * (ThreadMXBean) during one {@code poll(timeout)} on an empty queue or one
 * {@code awaitNewData(timeout)} on a stream nobody writes, and the wall time it lasted. The peers
 * are this project's handles (created here), so a waiter that can sleep until woken may.
 */
final class IdleWaiter {
    /** CPU time of the waiting thread and wall time of the wait, in ns. */
    record Cost(long cpuNanos, long wallNanos) {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private IdleWaiter() {}

    static Cost queuePoll(String strategy, Duration wait) throws Throwable {
        JitWarmUp.queue(null);
        String name = Scenarios.uniqueName("idleq");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 16, WakeupLatency.MESSAGE, false, true)) {
            WaitStrategies.apply(queue, strategy);
            ByteBuffer into = ByteBuffer.allocateDirect(WakeupLatency.MESSAGE);
            long cpu = cpuNow();
            long wall = System.nanoTime();
            int length = queue.poll(into, wait);
            Cost cost = new Cost(cpuNow() - cpu, System.nanoTime() - wall);
            if (length >= 0) {
                throw new IllegalStateException("a message arrived on the idle queue " + name);
            }
            return cost;
        }
    }

    static Cost streamAwait(String strategy, Duration wait) throws InterruptedException {
        JitWarmUp.stream();
        String name = Scenarios.uniqueName("idles");
        try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, WakeupLatency.STREAM_SIZE, false);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(name, WakeupLatency.STREAM_SIZE, true)) {
            WaitStrategies.apply(reader, strategy);
            long cpu = cpuNow();
            long wall = System.nanoTime();
            boolean woken = reader.awaitNewData(wait);
            Cost cost = new Cost(cpuNow() - cpu, System.nanoTime() - wall);
            if (woken) {
                throw new IllegalStateException("new data arrived on the idle stream " + writer.name());
            }
            return cost;
        }
    }

    /**
     * The same wait in a native process: "lsm-bench peer stream-idle" waits in
     * lsm_stream_reader_wait_new_data and reports its thread's CPU time (CLOCK_THREAD_CPUTIME_ID).
     */
    static Cost nativeStreamAwait(Duration wait) {
        String name = Scenarios.uniqueName("idlesn");
        try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, WakeupLatency.STREAM_SIZE, false);
                Peer waiter = Peer.nativePeer("stream-idle", name, Long.toString(WakeupLatency.STREAM_SIZE),
                        Long.toString(wait.toMillis()))) {
            String[] fields = waiter.readLine().split("\t");
            if (fields.length != 3 || !fields[0].equals("idle")) {
                throw new IllegalStateException("the native waiter answered " + String.join(" ", fields));
            }
            return new Cost(Long.parseLong(fields[1]), Long.parseLong(fields[2]));
        }
    }

    private static long cpuNow() {
        if (!THREADS.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM does not measure a thread's CPU time (ThreadMXBean)");
        }
        if (!THREADS.isThreadCpuTimeEnabled()) {
            THREADS.setThreadCpuTimeEnabled(true);
        }
        return THREADS.getCurrentThreadCpuTime();
    }
}
