package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryQueue;
import dev.libsharedmemory.SharedMemoryWriteStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The second JVM of the cross-process scenarios (the native one is "lsm-bench peer"):
 * <pre>
 *   queue-drain QUEUE        dequeue until an empty message arrives
 *   queue-echo  PING PONG    move every message from PING to PONG until an empty one arrives
 *   queue-send  QUEUE COUNT GAP_MS          COUNT times: sleep GAP_MS, enqueue the time (below)
 *   stream-send STREAM SIZE COUNT GAP_MS    the same as writes to a stream of SIZE bytes, each
 *                                           acknowledged by the reader before the next
 * </pre>
 * The senders' messages are System.nanoTime() as 8 little-endian bytes, taken just before the
 * enqueue or write ({@link WakeupLatency}); they exit after the last one.
 * Prints "ready" once its queues are open. Exits on its own if the process that started it dies.
 */
public final class BenchPeer {
    private BenchPeer() {}

    public static void main(String[] args) {
        switch (args.length > 0 ? args[0] : "") {
            case "queue-drain" -> drain(args[1]);
            case "queue-echo" -> echo(args[1], args[2]);
            case "queue-send" -> sendToQueue(args[1], Integer.parseInt(args[2]), Long.parseLong(args[3]));
            case "stream-send" -> sendToStream(args[1], Long.parseLong(args[2]), Integer.parseInt(args[3]),
                    Long.parseLong(args[4]));
            default -> {
                System.err.println("usage: BenchPeer queue-drain QUEUE | queue-echo PING PONG"
                        + " | queue-send QUEUE COUNT GAP_MS | stream-send STREAM SIZE COUNT GAP_MS");
                System.exit(1);
            }
        }
    }

    private static void drain(String name) {
        try (SharedMemoryQueue queue = SharedMemoryQueue.open(name, true)) {
            ByteBuffer in = ByteBuffer.allocateDirect(queue.maxMessageSize());
            ready();
            while (take(queue, in) > 0) {
                // next
            }
        }
    }

    private static void echo(String pingName, String pongName) {
        try (SharedMemoryQueue ping = SharedMemoryQueue.open(pingName, true);
                SharedMemoryQueue pong = SharedMemoryQueue.open(pongName, true)) {
            ByteBuffer message = ByteBuffer.allocateDirect(ping.maxMessageSize());
            ready();
            while (take(ping, message) > 0) {
                message.flip();
                long since = 0;
                for (int round = 0; !pong.enqueue(message); round++) {
                    since = Spin.pause(round, since);
                }
            }
        }
    }

    private static void sendToQueue(String name, int count, long gapMillis) {
        warmUp(true);
        try (SharedMemoryQueue queue = SharedMemoryQueue.open(name, true)) {
            ready();
            ByteBuffer out = timeBuffer();
            for (int i = 0; i < count; i++) {
                LockSupport.parkNanos(gapMillis * 1_000_000L);
                TimedSteps.enqueueTime(queue, out);
            }
        }
    }

    private static void sendToStream(String name, long size, int count, long gapMillis) {
        warmUp(false);
        try (SharedMemoryWriteStream stream = SharedMemoryWriteStream.openOrCreate(name, size, true)) {
            ready();
            writeTimes(stream, count, gapMillis);
        }
    }

    /**
     * The stream sender (also {@link WakeupLatency}'s, to a native waiter): {@code count} times,
     * sleeps {@code gapMillis}, then writes the time ({@link TimedSteps#writeTime}), each write
     * acknowledged by the reader before the next, so that no write lands before the reader's
     * markAsRead, which would acknowledge it unseen.
     */
    static void writeTimes(SharedMemoryWriteStream stream, int count, long gapMillis) {
        ByteBuffer out = timeBuffer();
        for (int i = 0; i < count; i++) {
            LockSupport.parkNanos(gapMillis * 1_000_000L);
            TimedSteps.writeTime(stream, out);
            try {
                if (!stream.waitForRead(Duration.ofSeconds(5))) {
                    throw new IllegalStateException("no reader acknowledged a write on " + stream.name() + " within 5 s");
                }
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted", e);
            }
        }
    }

    /** The buffer a sender puts its times in: 8 bytes, little-endian. */
    private static ByteBuffer timeBuffer() {
        return ByteBuffer.allocateDirect(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** Compiles the send path before the timed sends (see {@link JitWarmUp}). */
    private static void warmUp(boolean queue) {
        try {
            if (queue) {
                JitWarmUp.queue(null);
            } else {
                JitWarmUp.stream();
            }
        } catch (Throwable e) {
            throw new IllegalStateException("warm-up failed", e);
        }
    }

    /** Waits for a message; its length (0 = stop), or 0 when the parent process is gone. */
    private static int take(SharedMemoryQueue queue, ByteBuffer into) {
        long since = 0;
        for (int round = 0; ; round++) {
            into.clear();
            int length = queue.dequeue(into);
            if (length >= 0) {
                return length;
            }
            if ((round & 0xFFFFF) == 0xFFFFF && !parentAlive()) {
                return 0;
            }
            since = Spin.pause(round, since);
        }
    }

    private static boolean parentAlive() {
        return ProcessHandle.current().parent().map(ProcessHandle::isAlive).orElse(false);
    }

    private static void ready() {
        System.out.println("ready");
        System.out.flush();
    }
}
