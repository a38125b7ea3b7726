package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Handle lifetimes across kinds: closing any handle while threads use all kinds at once never
 * crashes and ends each thread with {@link SegmentClosedException}; a stream reader or a queue
 * nobody closed is unmapped once unreachable, and a persistent segment stays.
 */
class HandleLifecycleTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    /** Linux: whether this process still maps /dev/shm/NAME. */
    private static boolean isMappedHere(String name) throws IOException {
        Path maps = Paths.get("/proc/self/maps");
        return Files.exists(maps) && Files.readAllLines(maps).stream().anyMatch(line -> line.endsWith("/dev/shm/" + name));
    }

    private static void awaitUnmapped(String name) throws Exception {
        for (int i = 0; i < 100 && isMappedHere(name); i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertFalse(isMappedHere(name), "the Cleaner unmapped " + name);
    }

    @Test
    void closingAnyHandleWhileThreadsUseEveryKind() throws Exception {
        SplittableRandom random = new SplittableRandom(Long.getLong("lsm.seed", System.nanoTime()));
        for (int round = 0; round < 12; round++) {
            String stream = names.next("mix");
            String queueName = names.next("mixq");
            String segmentName = names.next("mixs");
            SharedMemoryWriteStream writer = new SharedMemoryWriteStream(stream, 1024, round % 3 != 0);
            SharedMemoryReadStream reader = new SharedMemoryReadStream(stream, 1024, true);
            SharedMemoryQueue queue = SharedMemoryQueue.create(queueName, 8, 64, round % 2 == 0, 0600);
            SharedMemoryQueue consumer = SharedMemoryQueue.open(queueName, true);
            SharedMemory segment = SharedMemory.create(segmentName, 4096, true);
            AutoCloseable[] handles = {writer, reader, queue, consumer, segment};

            Runnable[] bodies = {
                () -> writer.write("payload"),
                () -> reader.read(ByteBuffer.allocateDirect(1024)),
                () -> {
                    reader.hasNewData();
                    reader.markAsRead();
                    writer.isMessageRead();
                    reader.isStale();
                },
                () -> queue.enqueue("m"),
                () -> consumer.dequeue(ByteBuffer.allocate(64)),
                () -> {
                    queue.size();
                    consumer.peek();
                    queue.isStale();
                },
                () -> segment.buffer().putInt(0, segment.buffer().getInt(0) + 1),
            };
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            CountDownLatch running = new CountDownLatch(bodies.length);
            List<Thread> threads = new ArrayList<>();
            for (Runnable body : bodies) {
                Thread thread = new Thread(() -> {
                    running.countDown();
                    try {
                        while (true) {
                            body.run(); // until a handle it uses is closed
                        }
                    } catch (SegmentClosedException expected) {
                        // the documented outcome
                    } catch (Throwable e) {
                        unexpected.compareAndSet(null, e);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            running.await();
            Thread.sleep(random.nextInt(4));
            // Close in a random order, some from a second closing thread at the same time.
            List<AutoCloseable> order = new ArrayList<>(List.of(handles));
            java.util.Collections.shuffle(order, new java.util.Random(random.nextLong()));
            Thread secondCloser = new Thread(() -> order.forEach(HandleLifecycleTest::closeQuietly));
            secondCloser.start();
            order.forEach(HandleLifecycleTest::closeQuietly);
            secondCloser.join(30_000);
            for (Thread thread : threads) {
                thread.join(30_000);
                assertFalse(thread.isAlive(), "a thread hangs after close");
            }
            if (unexpected.get() != null) {
                throw new AssertionError("unexpected " + unexpected.get(), unexpected.get());
            }
        }
    }

    private static void closeQuietly(AutoCloseable handle) {
        try {
            handle.close();
        } catch (Exception e) {
            throw new AssertionError("close threw", e);
        }
    }

    @Test
    void unreachableStreamReaderIsUnmappedAndPersistentStreamKept() throws Exception {
        String name = names.next("clnr");
        try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 64, true)) {
            writer.write("kept");
        }
        new SharedMemoryReadStream(name, 64, true).readString(); // never closed
        awaitUnmapped(name);
        try (SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 64, true)) {
            assertEquals("kept", reader.readString(), "a persistent stream stays");
        }
    }

    @Test
    void unreachableWriteStreamIsUnmappedAndPersistentStreamKept() throws Exception {
        String name = names.next("clnw");
        new SharedMemoryWriteStream(name, 64, true).write("kept"); // never closed
        awaitUnmapped(name);
        try (SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 64, true)) {
            assertEquals("kept", reader.readString());
        }
    }

    @Test
    void unreachableQueuesAreUnmappedAndPersistentQueueKept() throws Exception {
        String name = names.next("clnq");
        SharedMemoryQueue.create(name, 4, 16, true, 0600).enqueue("first"); // never closed
        SharedMemoryQueue.open(name, true).enqueue("second"); // never closed either
        awaitUnmapped(name);
        try (SharedMemoryQueue queue = SharedMemoryQueue.open(name, true)) {
            assertArrayEquals("first".getBytes(StandardCharsets.UTF_8), queue.dequeue());
            assertEquals("second", queue.dequeueString());
            assertNull(queue.poll(Duration.ZERO));
        }
    }
}
