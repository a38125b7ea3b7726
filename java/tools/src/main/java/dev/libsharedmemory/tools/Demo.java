package dev.libsharedmemory.tools;

import dev.libsharedmemory.SharedMemory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The Java side of scripts/demo.sh: reads the text the native peer wrote into a segment, then
 * answers in a segment of its own that the native peer reads.
 *
 * <p>Usage: {@code Demo raw INBOX OUTBOX SIZE}. Texts are NUL-terminated UTF-8, as in the C
 * example of libsharedmemory.
 */
public final class Demo {
    private Demo() {}

    public static void main(String[] args) {
        if (args.length != 4 || !args[0].equals("raw")) {
            System.err.println("usage: Demo raw INBOX OUTBOX SIZE");
            System.exit(1);
        }
        String inbox = args[1];
        String outbox = args[2];
        int size = Integer.parseInt(args[3]);
        String received;
        try (SharedMemory in = SharedMemory.open(inbox, size, true)) {
            received = cString(in.buffer());
        }
        System.out.println("[java]   received from C++: " + received);
        String answer = "Hello C++, Java here (your message had " + received.codePointCount(0, received.length())
                + " characters)";
        try (SharedMemory out = SharedMemory.create(outbox, size, true)) {
            out.buffer().put(answer.getBytes(StandardCharsets.UTF_8)).put((byte) 0);
        }
        System.out.println("[java]   wrote to segment '" + outbox + "': " + answer);
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
