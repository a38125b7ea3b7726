package dev.libsharedmemory;

import java.nio.ByteBuffer;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Child JVM of {@link ArenaBufferTest}: {@code ArenaCloseRace queue|stream NAME}. One thread
 * copies a 4 KiB message (queue peek) or payload (stream read) into a 64 MiB shared-arena buffer
 * in a loop while this thread closes the arena, then maps new memory of the same size (which
 * usually takes the freed address) filled with a pattern. Every call must end in a result or
 * IllegalStateException, the ones after the close in IllegalStateException, and the new memory
 * must keep its pattern. A write after the close crashes this JVM (SIGSEGV on the unmapped
 * memory) or breaks the pattern. Prints "ok".
 */
public final class ArenaCloseRace {
    private static final int ROUNDS = 10;
    private static final int BUFFER_BYTES = 64 << 20;
    private static final int MESSAGE_BYTES = 4096;
    private static final int CALLS_AFTER_CLOSE = 200;
    private static final byte FILL = 0x5A;

    private ArenaCloseRace() {}

    /** One copy into the buffer at position 0. */
    private interface Copy {
        void into(ByteBuffer buffer);
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        String name = args[1];
        byte[] message = new byte[MESSAGE_BYTES];
        java.util.Arrays.fill(message, (byte) 0x11);
        if (kind.equals("queue")) {
            try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 2, MESSAGE_BYTES, false, true)) {
                queue.enqueue(message);
                race(buffer -> queue.peek(buffer));
            }
        } else {
            try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 20 + MESSAGE_BYTES, false);
                    SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 20 + MESSAGE_BYTES, false)) {
                writer.write(message);
                race(buffer -> reader.read(buffer));
            }
        }
        System.out.println("ok");
    }

    private static void race(Copy copy) throws InterruptedException {
        for (int round = 0; round < ROUNDS; round++) {
            Object arena = Arenas.shared();
            ByteBuffer buffer = Arenas.allocate(arena, BUFFER_BYTES);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            Thread copier = new Thread(() -> {
                int refused = 0;
                while (refused < CALLS_AFTER_CLOSE) {
                    try {
                        buffer.clear();
                        copy.into(buffer);
                        if (refused > 0) {
                            throw new AssertionError("a call after the arena's close succeeded");
                        }
                    } catch (IllegalStateException closed) {
                        refused++;
                    } catch (Throwable t) {
                        failure.set(t);
                        return;
                    }
                }
            });
            copier.start();
            Thread.sleep(ThreadLocalRandom.current().nextInt(3));
            closeRetrying(arena);
            Object next = Arenas.shared();
            ByteBuffer reused = Arenas.allocate(next, BUFFER_BYTES);
            for (int i = 0; i < BUFFER_BYTES; i++) {
                reused.put(i, FILL);
            }
            copier.join(60_000);
            if (copier.isAlive()) {
                throw new AssertionError("the copying thread did not finish");
            }
            if (failure.get() != null) {
                throw new AssertionError("round " + round + ": " + failure.get(), failure.get());
            }
            for (int i = 0; i < BUFFER_BYTES; i++) {
                if (reused.get(i) != FILL) {
                    throw new AssertionError("round " + round + ": memory mapped after the close was written at " + i);
                }
            }
            Arenas.close(next);
        }
    }

    /** A shared arena refuses to close while a call holds its memory (the JDK's rule): try again. */
    private static void closeRetrying(Object arena) throws InterruptedException {
        while (true) {
            try {
                Arenas.close(arena);
                return;
            } catch (IllegalStateException inUse) {
                Thread.onSpinWait();
            }
        }
    }
}
