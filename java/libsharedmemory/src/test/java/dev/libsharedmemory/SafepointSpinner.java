package dev.libsharedmemory;

import java.nio.ByteBuffer;

/**
 * Child JVM of {@link SafepointReachTest}: {@code SafepointSpinner SCENARIO NAME}. A thread
 * spins on one library call the way user code polls (a full queue, an empty queue, a stream or
 * segment that does not change), in a loop the JIT has compiled; meanwhile this JVM asks for
 * safepoints (garbage collections) and prints {@link #REACHED} once it got them. If the
 * spinning thread never lets the JVM reach a safepoint, every other thread stops at its next
 * poll: nothing is printed and the JVM does not exit.
 */
public final class SafepointSpinner {
    static final String REACHED = "safepoints reached";

    private static final int WARM_UP_ROUNDS = 30; // enough for the JIT's optimizing compiler
    private static final int WAITS_PER_ROUND = 5_000;
    private static final int COLLECTIONS = 10;
    private static final byte[] MESSAGE = new byte[16];
    private static volatile boolean helping;

    private SafepointSpinner() {}

    public static void main(String[] args) throws Exception {
        String scenario = args[0];
        String name = args[1];
        Runnable spinForever = switch (scenario) {
            case "enqueue-full" -> enqueueFull(name);
            case "dequeue-empty" -> dequeueEmpty(name);
            case "stream-unchanged" -> streamUnchanged(name);
            case "segment-unchanged" -> segmentUnchanged(name);
            default -> throw new IllegalArgumentException("unknown scenario " + scenario);
        };
        Thread spinner = new Thread(spinForever);
        spinner.setDaemon(true);
        spinner.start();
        for (int i = 0; i < COLLECTIONS; i++) {
            Thread.sleep(50);
            System.gc(); // needs every thread at a safepoint, the spinner's included
        }
        System.out.println(REACHED);
        System.out.flush();
        Runtime.getRuntime().halt(0); // the spinner never ends; the parent removes the segment
    }

    private static Runnable enqueueFull(String name) throws InterruptedException {
        SharedMemoryQueue queue = new SharedMemoryQueue(name, 1, 64, false, true);
        ByteBuffer drain = ByteBuffer.allocate(64);
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            Thread consumer = helper(() -> queue.dequeue(drain.clear()));
            enqueueWhenRoom(queue, WAITS_PER_ROUND);
            stop(consumer);
        }
        return () -> enqueueWhenRoom(queue, Integer.MAX_VALUE); // the queue fills up and stays full
    }

    private static Runnable dequeueEmpty(String name) throws InterruptedException {
        SharedMemoryQueue queue = new SharedMemoryQueue(name, 1, 64, false, true);
        ByteBuffer into = ByteBuffer.allocate(64);
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            Thread producer = helper(() -> queue.enqueue(MESSAGE));
            dequeueWhenThere(queue, into, WAITS_PER_ROUND);
            stop(producer);
        }
        return () -> dequeueWhenThere(queue, into, Integer.MAX_VALUE); // the queue empties and stays empty
    }

    private static Runnable streamUnchanged(String name) throws InterruptedException {
        SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 64, false);
        SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 64, false);
        byte[] value = new byte[8];
        writer.write(value);
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            Thread changer = helper(() -> {
                value[0]++;
                writer.write(value);
            });
            readUntilChanged(reader, WAITS_PER_ROUND);
            stop(changer);
        }
        return () -> readUntilChanged(reader, Integer.MAX_VALUE); // nobody writes any more
    }

    private static Runnable segmentUnchanged(String name) throws InterruptedException {
        SharedMemory segment = SharedMemory.create(name, 64, false);
        byte[] value = new byte[8];
        for (int round = 0; round < WARM_UP_ROUNDS; round++) {
            Thread changer = helper(() -> {
                value[0]++;
                segment.write(0, value);
            });
            copyUntilChanged(segment, WAITS_PER_ROUND);
            stop(changer);
        }
        return () -> copyUntilChanged(segment, Integer.MAX_VALUE); // nobody writes any more
    }

    /** A thread that repeats {@code step} until {@link #stop}: lets a warm-up round progress. */
    private static Thread helper(Runnable step) {
        helping = true;
        Thread thread = new Thread(() -> {
            while (helping) {
                step.run();
            }
        });
        thread.start();
        return thread;
    }

    private static void stop(Thread helper) throws InterruptedException {
        helping = false;
        helper.join();
    }

    // One loop per scenario, so that the JIT inlines exactly one library call into each.

    private static void enqueueWhenRoom(SharedMemoryQueue queue, int messages) {
        for (int i = 0; i < messages; i++) {
            while (!queue.enqueue(MESSAGE)) {
                Thread.onSpinWait();
            }
        }
    }

    private static void dequeueWhenThere(SharedMemoryQueue queue, ByteBuffer into, int messages) {
        for (int i = 0; i < messages; i++) {
            while (queue.dequeue(into.clear()) < 0) {
                Thread.onSpinWait();
            }
        }
    }

    private static void readUntilChanged(SharedMemoryReadStream reader, int changes) {
        ByteBuffer into = ByteBuffer.allocate(64);
        byte last = 0;
        for (int i = 0; i < changes; i++) {
            do {
                reader.read(into.clear());
            } while (into.get(0) == last);
            last = into.get(0);
        }
    }

    private static void copyUntilChanged(SharedMemory segment, int changes) {
        byte[] into = new byte[8];
        byte last = 0;
        for (int i = 0; i < changes; i++) {
            do {
                segment.read(0, into);
            } while (into[0] == last);
            last = into[0];
        }
    }
}
