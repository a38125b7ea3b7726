package dev.libsharedmemory;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Child JVM of {@link HeapBufferRaceTest}: {@code HeapPositionRace queue|stream|stream-write NAME}.
 * A 64-byte heap buffer lies between two guard arrays; another thread flips its position between
 * 60 and 0 while this one peeks a 64-byte message into it (queue), reads a 64-byte payload into
 * it (stream) or writes from it (stream-write) 300 000 times. Racy use of a buffer is the
 * caller's bug, but each call must end in a result or an exception, the guards must keep their
 * pattern (a copy past the array would break them, or the heap), and a write must send only
 * bytes of the array. Prints "ok".
 */
public final class HeapPositionRace {
    private static final int CALLS = 300_000;
    private static final byte MESSAGE = 0x11;
    private static final byte GUARD = 0x5A;

    private HeapPositionRace() {}

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        String name = args[1];
        byte[] message = new byte[64];
        Arrays.fill(message, MESSAGE);
        // Allocated back to back: a copy past the end of target lands in after.
        byte[] before = new byte[4096];
        byte[] target = new byte[64];
        byte[] after = new byte[4096];
        Arrays.fill(before, GUARD);
        Arrays.fill(after, GUARD);
        ByteBuffer buffer = ByteBuffer.wrap(target);
        Thread flipper = new Thread(() -> {
            // Flips back to back, then flips with pauses at 0: the race is hit at different call rates.
            for (long flip = 0; !Thread.currentThread().isInterrupted(); flip++) {
                buffer.position(60);
                buffer.position(0);
                for (int i = (flip & 1024) == 0 ? 0 : 50; i > 0; i--) {
                    Thread.onSpinWait();
                }
            }
        });
        flipper.setDaemon(true);
        flipper.start();
        int outcomes;
        if (kind.equals("queue")) {
            try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 2, 64, false, true)) {
                queue.enqueue(message);
                outcomes = loop(buffer, () -> queue.peek(buffer));
            }
        } else if (kind.equals("stream")) {
            try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 20 + 64, false);
                    SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 20 + 64, false)) {
                writer.write(message);
                outcomes = loop(buffer, () -> reader.read(buffer));
            }
        } else {
            Arrays.fill(target, MESSAGE);
            try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 20 + 128, false);
                    SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 20 + 128, false)) {
                outcomes = loop(buffer, () -> {
                    writer.write(buffer);
                    for (byte b : reader.readBytes()) {
                        if (b != MESSAGE) {
                            throw new AssertionError("a write sent a byte from outside its array: " + b);
                        }
                    }
                });
            }
        }
        flipper.interrupt();
        flipper.join();
        System.gc(); // a broken heap shows here
        check(before, "before");
        check(after, "after");
        System.out.println("ok");
        System.err.println(outcomes + " calls ended in an exception");
    }

    /** Runs the call CALLS times: how many ended in a (tolerated) exception of the racy buffer. */
    private static int loop(ByteBuffer buffer, Runnable call) {
        int exceptions = 0;
        for (int i = 0; i < CALLS; i++) {
            try {

                call.run();
            } catch (IndexOutOfBoundsException | IllegalArgumentException | MessageTooLargeException racy) {
                exceptions++;
            }
        }
        return exceptions;
    }

    private static void check(byte[] guard, String which) {
        for (int i = 0; i < guard.length; i++) {
            if (guard[i] != GUARD) {
                throw new AssertionError("guard array " + which + " was overwritten at " + i + ": " + guard[i]);
            }
        }
    }
}
