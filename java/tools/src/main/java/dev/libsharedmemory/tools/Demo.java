package dev.libsharedmemory.tools;

import dev.libsharedmemory.SharedMemory;
import dev.libsharedmemory.SharedMemoryQueue;
import dev.libsharedmemory.SharedMemoryReadStream;
import dev.libsharedmemory.SharedMemoryWriteStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

/**
 * The Java side of scripts/demo.sh. Each step is one subcommand; the native peer (lsm-peer)
 * is the other side:
 * <ul>
 *   <li>{@code raw IN OUT SIZE}: reads the NUL-terminated text C++ wrote into segment IN and
 *       answers in a new segment OUT;</li>
 *   <li>{@code stream-read NAME SIZE}: reads the string C++ published on a stream and
 *       acknowledges it (markAsRead), which the waiting C++ writer sees;</li>
 *   <li>{@code queue-send NAME MESSAGE...}: enqueues messages on a queue C++ created, without
 *       knowing its geometry;</li>
 *   <li>{@code stream-write-doubles NAME SIZE VALUE...}: publishes a double[] on a new stream.</li>
 * </ul>
 */
public final class Demo {
    private Demo() {}

    public static void main(String[] args) throws InterruptedException {
        String[] rest = args.length > 0 ? Arrays.copyOfRange(args, 1, args.length) : args;
        switch (args.length > 0 ? args[0] : "") {
            case "raw" -> raw(rest[0], rest[1], Integer.parseInt(rest[2]));
            case "stream-read" -> streamRead(rest[0], Integer.parseInt(rest[1]));
            case "queue-send" -> queueSend(rest[0], Arrays.copyOfRange(rest, 1, rest.length));
            case "stream-write-doubles" -> streamWriteDoubles(rest[0], Integer.parseInt(rest[1]),
                    Arrays.stream(rest, 2, rest.length).mapToDouble(Double::parseDouble).toArray());
            default -> {
                System.err.println("usage: Demo raw|stream-read|queue-send|stream-write-doubles ...");
                System.exit(1);
            }
        }
    }

    private static void raw(String inbox, String outbox, int size) {
        String received;
        try (SharedMemory in = SharedMemory.open(inbox, size, true)) {
            received = cString(in.buffer());
        }
        say("received from C++ over segment '" + inbox + "': " + received);
        String answer = "Hello C++, Java here (your message had "
                + received.codePointCount(0, received.length()) + " characters)";
        try (SharedMemory out = SharedMemory.create(outbox, size, true)) {
            out.buffer().put(answer.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
        }
        say("wrote to segment '" + outbox + "': " + answer);
    }

    private static void streamRead(String name, int size) {
        try (SharedMemoryReadStream stream = new SharedMemoryReadStream(name, size, true)) {
            say("read from stream '" + name + "': " + stream.readString() + " (type " + stream.readDataType() + ")");
            stream.markAsRead();
            say("acknowledged it (markAsRead)");
        }
    }

    private static void queueSend(String name, String[] messages) throws InterruptedException {
        try (SharedMemoryQueue queue = SharedMemoryQueue.open(name, true)) {
            say("opened queue '" + name + "': capacity " + queue.capacity() + ", max message "
                    + queue.maxMessageSize() + " bytes (from its header)");
            for (String message : messages) {
                if (!queue.offer(message, Duration.ofSeconds(5))) {
                    throw new IllegalStateException("queue '" + name + "' stayed full");
                }
                say("enqueued: " + message);
            }
        }
    }

    private static void streamWriteDoubles(String name, int size, double[] values) {
        // Persistent: the segment stays for the C++ reader after this process exits.
        try (SharedMemoryWriteStream stream = new SharedMemoryWriteStream(name, size, true)) {
            stream.write(values);
            say("published double[] on stream '" + name + "': " + Arrays.toString(values));
        }
    }

    private static void say(String line) {
        System.out.println("[java]   " + line);
    }

    private static String cString(ByteBuffer buffer) {
        int end = 0;
        while (end < buffer.limit() && buffer.get(end) != 0) {
            end++;
        }
        byte[] bytes = new byte[end];
        buffer.get(0, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
