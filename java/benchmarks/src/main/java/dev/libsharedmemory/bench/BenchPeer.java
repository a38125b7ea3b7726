package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryQueue;
import java.nio.ByteBuffer;

/**
 * The second JVM of the cross-process scenarios (the native one is "lsm-bench peer"):
 * <pre>
 *   queue-drain QUEUE        dequeue until an empty message arrives
 *   queue-echo  PING PONG    move every message from PING to PONG until an empty one arrives
 * </pre>
 * Prints "ready" once its queues are open. Exits on its own if the process that started it dies.
 */
public final class BenchPeer {
    private BenchPeer() {}

    public static void main(String[] args) {
        switch (args.length > 0 ? args[0] : "") {
            case "queue-drain" -> drain(args[1]);
            case "queue-echo" -> echo(args[1], args[2]);
            default -> {
                System.err.println("usage: BenchPeer queue-drain QUEUE | queue-echo PING PONG");
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
