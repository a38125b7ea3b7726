package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Handles remember the address of the first direct buffer passed to a method and look others
 * up through the calling thread's own cache: several threads, each with its own buffers,
 * switching between them, must each send and receive exactly their own bytes.
 */
class DirectBufferThreadsTest {
    private static final int THREADS = 4;
    private static final int MESSAGES = 20_000;
    private static final int SIZE = 32;

    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test
    void producersWithTheirOwnBuffersEachDeliverTheirOwnBytes() throws Exception {
        try (SharedMemoryQueue queue = new SharedMemoryQueue(names.next("direct-threads"), 64, SIZE, false, true)) {
            List<Thread> producers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                producers.add(new Thread(() -> {
                    ByteBuffer[] mine = {filled(id, 0), filled(id, 1)}; // two buffers, alternating
                    for (int i = 0; i < MESSAGES; i++) {
                        ByteBuffer message = mine[i % 2];
                        message.clear();
                        while (!queue.enqueue(message)) {
                            Thread.onSpinWait();
                        }
                    }
                }));
            }
            producers.forEach(Thread::start);
            int[][] received = new int[THREADS][2];
            ByteBuffer[] into = {ByteBuffer.allocateDirect(SIZE), ByteBuffer.allocateDirect(SIZE)};
            for (int n = 0; n < THREADS * MESSAGES; n++) {
                ByteBuffer target = into[n % 2];
                target.clear();
                while (queue.dequeue(target) < 0) {
                    Thread.onSpinWait();
                }
                target.flip();
                int id = target.get(0);
                int which = target.get(1);
                assertEquals(filled(id, which).clear(), target, "a message mixed from two buffers");
                received[id][which]++;
            }
            for (Thread producer : producers) {
                producer.join(30_000);
                assertTrue(!producer.isAlive());
            }
            for (int[] perThread : received) {
                assertEquals(MESSAGES / 2, perThread[0]);
                assertEquals(MESSAGES / 2, perThread[1]);
            }
        }
    }

    @Test
    void writersWithTheirOwnBuffersEachPublishTheirOwnBytes() throws Exception {
        String name = names.next("direct-writers");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 20 + SIZE, false);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 20 + SIZE, false)) {
            AtomicInteger bad = new AtomicInteger();
            List<Thread> writers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int id = t;
                writers.add(new Thread(() -> {
                    ByteBuffer[] mine = {filled(id, 0), filled(id, 1)};
                    for (int i = 0; i < MESSAGES / 4; i++) {
                        ByteBuffer payload = mine[i % 2];
                        payload.clear();
                        out.write(payload);
                    }
                }));
            }
            writers.forEach(Thread::start);
            ByteBuffer into = ByteBuffer.allocateDirect(SIZE);
            while (writers.stream().anyMatch(Thread::isAlive)) {
                into.clear();
                in.read(into);
                into.flip();
                if (into.remaining() != 0 && !filled(into.get(0), into.get(1)).clear().equals(into)) {
                    bad.incrementAndGet();
                }
            }
            for (Thread writer : writers) {
                writer.join();
            }
            assertEquals(0, bad.get(), "payloads mixed from two buffers");
        }
    }

    /** A direct buffer whose bytes say which thread and which of its buffers. */
    private static ByteBuffer filled(int id, int which) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE);
        buffer.put(0, (byte) id).put(1, (byte) which);
        for (int i = 2; i < SIZE; i++) {
            buffer.put(i, (byte) (id * 31 + which * 7 + i));
        }
        return buffer;
    }
}
