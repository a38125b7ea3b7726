package dev.libsharedmemory;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;

/** Queue commands of {@link JvmPeer}, mirroring jni/tools/peer/queue_commands.cpp. */
final class QueuePeerCommands {
    private static final Duration STALL_LIMIT = Duration.ofSeconds(60);

    private QueuePeerCommands() {}

    static int run(String command, String[] args) throws IOException, InterruptedException {
        switch (command) {
            case "queue-create": { // NAME CAPACITY MAXSIZE [--transient]
                boolean transientQueue = args.length > 3 && args[3].equals("--transient");
                try (SharedMemoryQueue queue = new SharedMemoryQueue(args[0], Integer.parseInt(args[1]),
                        Integer.parseInt(args[2]), !transientQueue, true)) {
                    System.out.println("created " + queue.name() + " " + queue.capacity() + " " + queue.maxMessageSize());
                }
                return 0;
            }
            case "queue-enqueue": { // NAME TEXT...: exit 3 when full
                try (SharedMemoryQueue queue = SharedMemoryQueue.open(args[0], true)) {
                    for (int i = 1; i < args.length; i++) {
                        if (!queue.enqueue(args[i])) {
                            return 3;
                        }
                    }
                }
                return 0;
            }
            case "queue-dequeue": { // NAME COUNT: prints messages, one per line; exit 3 when empty
                try (SharedMemoryQueue queue = SharedMemoryQueue.open(args[0], true)) {
                    for (int i = Integer.parseInt(args[1]); i > 0; i--) {
                        String message = queue.dequeueString();
                        if (message == null) {
                            return 3;
                        }
                        System.out.println(message);
                    }
                }
                return 0;
            }
            case "queue-sleep": { // NAME POLL_MS: take() with that peer poll interval, prints the message
                try (SharedMemoryQueue queue = SharedMemoryQueue.open(args[0], true)) {
                    queue.setWaitStrategy(WaitStrategy.sleep(Duration.ofMillis(Long.parseLong(args[1]))));
                    System.out.println("ready");
                    System.out.flush();
                    System.out.print(queue.takeString());
                }
                return 0;
            }
            case "queue-sleep-put": { // NAME TEXT POLL_MS: put(TEXT) with that peer poll interval
                try (SharedMemoryQueue queue = SharedMemoryQueue.open(args[0], true)) {
                    queue.setWaitStrategy(WaitStrategy.sleep(Duration.ofMillis(Long.parseLong(args[2]))));
                    System.out.println("ready");
                    System.out.flush();
                    queue.put(args[1]);
                }
                return 0;
            }
            case "queue-produce": { // NAME PRODUCER_ID COUNT: "<id>:<seq>", waiting while full
                try (SharedMemoryQueue queue = SharedMemoryQueue.open(args[0], true)) {
                    int count = Integer.parseInt(args[2]);
                    for (int seq = 0; seq < count; seq++) {
                        String message = args[1] + ":" + seq;
                        if (!queue.offer(message, STALL_LIMIT)) {
                            System.err.println("JvmPeer: queue stayed full for 60 s at " + message);
                            return 3;
                        }
                    }
                }
                return 0;
            }
            case "queue-consume": { // NAME OUTFILE: dequeues until "stop", one line per message
                try (SharedMemoryQueue queue = SharedMemoryQueue.open(args[0], true);
                        BufferedWriter out = Files.newBufferedWriter(Paths.get(args[1]), StandardCharsets.UTF_8)) {
                    for (;;) {
                        String message = queue.pollString(STALL_LIMIT);
                        if (message == null) {
                            System.err.println("JvmPeer: queue stayed empty for 60 s");
                            return 3;
                        }
                        if (message.equals("stop")) {
                            return 0;
                        }
                        out.write(message);
                        out.write('\n');
                    }
                }
            }
            default:
                System.err.println("unknown command " + command);
                return 1;
        }
    }
}
