package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Following a re-created segment, within one JVM: off by default; a name that disappears and
 * comes back; a new object of another size or geometry; a new queue whose creator has not
 * written the geometry yet; threads calling one handle while it follows. (A restarted writer
 * process: {@link FollowRestartedWriterTest}.) Follows are rate-limited to one check a
 * millisecond, so the waits below poll with a timeout instead of one call.
 */
class FollowRecreatedTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test
    void readersAndQueuesFollowThroughOneInterface() throws InterruptedException {
        String stream = names.next("fiface");
        String queue = names.next("fifaceq");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(stream, 64, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(stream, 64, true);
                SharedMemoryQueue q = new SharedMemoryQueue(queue, 2, 16, true, true)) {
            for (FollowsRecreated handle : List.<FollowsRecreated>of(in, q)) {
                assertFalse(handle.isFollowingRecreated(), "off by default");
                handle.setFollowRecreated(true);
                assertTrue(handle.isFollowingRecreated());
                assertEquals(0, handle.followCount());
                assertEquals(Optional.empty(), handle.lastFollowed());
            }
        }
    }

    @Test
    void offByDefaultAReaderStaysOnTheOldStream() throws InterruptedException {
        String name = names.next("foff");
        try (SharedMemoryWriteStream first = new SharedMemoryWriteStream(name, 64, true);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 64, true)) {
            first.write("old");
            reader.markAsRead();
            assertFalse(reader.isFollowingRecreated());
            try (SharedMemoryWriteStream restarted = new SharedMemoryWriteStream(name, 64, true)) {
                restarted.write("new");
                assertFalse(reader.awaitNewData(Duration.ofMillis(20)));
                assertEquals("old", reader.readString());
                assertTrue(reader.isStale());
                assertEquals(0, reader.followCount());
                assertTrue(reader.lastFollowed().isEmpty());
            }
        }
    }

    @Test
    void readerFollowsAStreamOfAnotherSizeAndItsFirstWriteIsNew() throws InterruptedException {
        String name = names.next("fsize");
        try (SharedMemoryReadStream reader = openFollowingReader(name, "old", 64)) {
            try (SharedMemoryWriteStream restarted = new SharedMemoryWriteStream(name, 4096, true)) {
                String large = "n".repeat(1000); // does not fit the old 64-byte stream
                restarted.write(large);
                assertTrue(reader.awaitNewData(PATIENCE));
                assertEquals(large, reader.readString());
                assertEquals(4096, reader.bufferSize());
                assertEquals(4096 - 20, reader.maxPayloadSize());
                assertEquals(1, reader.followCount());
                assertTrue(reader.lastFollowed().isPresent());
                assertFalse(reader.isStale());
            }
        }
    }

    @Test
    void readsOfAReaderThatHasNothingNewFollowToo() throws InterruptedException {
        String name = names.next("fread");
        try (SharedMemoryReadStream reader = openFollowingReader(name, "old", 64)) {
            try (SharedMemoryWriteStream restarted = new SharedMemoryWriteStream(name, 64, true)) {
                restarted.write("new");
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (!"new".equals(reader.readString()) && System.nanoTime() < deadline) {
                    Thread.sleep(1);
                }
                assertEquals("new", reader.readString());
                assertEquals(1, reader.followCount());
            }
        }
    }

    @Test
    void aStreamNameThatDisappearsAndComesBack() throws InterruptedException {
        String name = names.next("fgone");
        try (SharedMemoryReadStream reader = openFollowingReader(name, "old", 64)) {
            SharedMemory.remove(name);
            assertFalse(reader.awaitNewData(Duration.ofMillis(20)), "gone: nothing to follow, no error");
            assertEquals("old", reader.readString());
            assertEquals(0, reader.followCount());
            try (SharedMemoryWriteStream back = new SharedMemoryWriteStream(name, 128, true)) {
                back.write("back");
                assertTrue(reader.awaitNewData(PATIENCE));
                assertEquals("back", reader.readString());
                assertEquals(1, reader.followCount());
            }
        }
    }

    @Test
    void consumerTakesTheOldMessagesThenFollowsANewGeometry() throws InterruptedException {
        String name = names.next("fgeo");
        try (SharedMemoryQueue first = new SharedMemoryQueue(name, 4, 16, true, true);
                SharedMemoryQueue consumer = SharedMemoryQueue.open(name, true)) {
            consumer.setFollowRecreated(true);
            assertTrue(first.enqueue("old 1"));
            assertTrue(first.enqueue("old 2"));
            try (SharedMemoryQueue restarted = new SharedMemoryQueue(name, 8, 64, true, true)) {
                assertTrue(restarted.enqueue("new 1"));
                assertTrue(restarted.enqueue("new 2"));
                assertEquals("old 1", consumer.pollString(PATIENCE));
                assertEquals(4, consumer.capacity(), "messages left: not followed yet");
                assertEquals("old 2", consumer.dequeueString());
                assertEquals("new 1", consumer.pollString(PATIENCE));
                assertEquals(8, consumer.capacity());
                assertEquals(64, consumer.maxMessageSize());
                ByteBuffer destination = ByteBuffer.allocateDirect(64);
                assertEquals(5, consumer.dequeue(destination));
                assertEquals(1, consumer.followCount());
                assertTrue(consumer.lastFollowed().isPresent());
            }
        }
    }

    @Test
    void drainToAndPeekFollowToo() throws InterruptedException {
        String name = names.next("fdrain");
        try (SharedMemoryQueue first = new SharedMemoryQueue(name, 4, 16, true, true);
                SharedMemoryQueue consumer = SharedMemoryQueue.open(name, true)) {
            consumer.setFollowRecreated(true);
            assertTrue(first.enqueue("old"));
            try (SharedMemoryQueue restarted = new SharedMemoryQueue(name, 4, 16, true, true)) {
                assertTrue(restarted.enqueue("new"));
                List<byte[]> drained = new ArrayList<>();
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (drained.size() < 2 && System.nanoTime() < deadline) {
                    consumer.drainTo(drained);
                }
                assertEquals(2, drained.size());
                assertArrayEquals("old".getBytes(StandardCharsets.UTF_8), drained.get(0));
                assertArrayEquals("new".getBytes(StandardCharsets.UTF_8), drained.get(1));
                assertTrue(restarted.enqueue("peeked"));
                assertEquals("peeked", consumer.peekString());
            }
        }
    }

    @Test
    void aQueueWhoseGeometryIsNotWrittenYetIsRetried() throws InterruptedException {
        String name = names.next("fhalf");
        try (SharedMemoryQueue first = new SharedMemoryQueue(name, 2, 8, true, true);
                SharedMemoryQueue consumer = SharedMemoryQueue.open(name, false)) { // not persistent
            consumer.setFollowRecreated(true);
            // What a creator has made before writing the header: a zero-filled queue segment.
            int size = 28 + 4 * (4 + 32);
            try (SharedMemory halfMade = SharedMemory.create(name, size, true)) {
                assertNull(consumer.poll(Duration.ofMillis(20)), "no geometry: retried, no error");
                assertEquals(0, consumer.followCount());
                try (SharedMemory stillThere = SharedMemory.open(name, true)) {
                    assertEquals(size, stillThere.size(), "and its name is left alone");
                }
                halfMade.buffer().putInt(16, 32).putInt(8, 4); // maxMessageSize, then capacity
                try (SharedMemoryQueue producer = SharedMemoryQueue.open(name, true)) {
                    assertTrue(producer.enqueue("finally"));
                }
                assertEquals("finally", consumer.pollString(PATIENCE));
                assertEquals(4, consumer.capacity());
                assertEquals(1, consumer.followCount());
            }
        }
    }

    @Test
    void aQueueNameThatDisappearsAndComesBack() throws InterruptedException {
        String name = names.next("fqgone");
        try (SharedMemoryQueue first = new SharedMemoryQueue(name, 2, 8, true, true);
                SharedMemoryQueue consumer = SharedMemoryQueue.open(name, true)) {
            consumer.setFollowRecreated(true);
            first.destroy();
            assertNull(consumer.poll(Duration.ofMillis(20)));
            try (SharedMemoryQueue back = new SharedMemoryQueue(name, 2, 8, true, true)) {
                assertTrue(back.enqueue("back"));
                assertEquals("back", consumer.pollString(PATIENCE));
                assertEquals(1, consumer.followCount());
            }
        }
    }

    @Test
    void threadsCallingOneHandleWhileItFollowsSeeNoException() throws Exception {
        String stream = names.next("ftstream");
        String queue = names.next("ftqueue");
        List<AutoCloseable> generations = new ArrayList<>();
        try (SharedMemoryWriteStream first = new SharedMemoryWriteStream(stream, 64, true);
                SharedMemoryQueue firstQueue = new SharedMemoryQueue(queue, 4, 16, true, true);
                SharedMemoryReadStream reader = SharedMemoryReadStream.open(stream, true);
                SharedMemoryQueue consumer = SharedMemoryQueue.open(queue, true)) {
            reader.setFollowRecreated(true);
            consumer.setFollowRecreated(true);
            List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
            AtomicBoolean stop = new AtomicBoolean();
            Runnable calls = () -> {
                try {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(512);
                    while (!stop.get()) {
                        reader.hasNewData();
                        reader.readBytes();
                        buffer.clear();
                        reader.read(buffer);
                        reader.markAsRead();
                        consumer.dequeue();
                        consumer.poll(Duration.ofNanos(1));
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            };
            Thread a = new Thread(calls);
            Thread b = new Thread(calls);
            a.start();
            b.start();
            int rounds = 40;
            try {
                for (int generation = 1; generation <= rounds; generation++) {
                    SharedMemoryWriteStream writer = new SharedMemoryWriteStream(stream, 64 + generation * 8, true);
                    writer.write("generation " + generation);
                    SharedMemoryQueue producer = new SharedMemoryQueue(queue, 2 + generation % 3, 16, true, true);
                    producer.enqueue("m" + generation);
                    generations.add(writer);
                    generations.add(producer);
                    // Until both handles follow this generation (each thread's calls get there).
                    long deadline = System.nanoTime() + PATIENCE.toNanos();
                    while ((reader.isStale() || consumer.isStale()) && System.nanoTime() < deadline
                            && failures.isEmpty()) {
                        Thread.sleep(1);
                    }
                    if (generations.size() > 4) { // old objects go while the handles may still map them
                        generations.remove(0).close();
                        generations.remove(0).close();
                    }
                }
            } finally {
                stop.set(true);
                a.join();
                b.join();
            }
            assertEquals(List.of(), failures);
            assertEquals(rounds, reader.followCount());
            assertEquals(rounds, consumer.followCount());
            assertEquals(64 + rounds * 8, reader.bufferSize());
        } finally {
            for (AutoCloseable generation : generations) {
                try {
                    generation.close();
                } catch (Exception ignored) {
                    // closing is best effort here; TestSegments removes the names
                }
            }
        }
    }

    /** A stream written once, and a following reader that has read it. */
    private static SharedMemoryReadStream openFollowingReader(String name, String text, int size) {
        try (SharedMemoryWriteStream first = new SharedMemoryWriteStream(name, size, true)) {
            first.write(text);
        }
        SharedMemoryReadStream reader = SharedMemoryReadStream.open(name, true);
        reader.setFollowRecreated(true);
        reader.markAsRead();
        return reader;
    }
}
