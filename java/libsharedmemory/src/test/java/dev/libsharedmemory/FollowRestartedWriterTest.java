package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A writer process restarted 50 times, re-creating its stream and its queue the upstream way
 * each time (the write stream's constructor, {@code isWriter = true}) with another size and
 * geometry, while a following reader and a following consumer of this JVM run: they end on the
 * last generation's data, with no exception. Most generations are the native lsm-peer, every
 * tenth a second JVM.
 */
class FollowRestartedWriterTest {
    private static final int GENERATIONS = 50;
    private static final int MESSAGES = 3;

    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test
    void followingReaderAndConsumerEndOnTheLastGeneration() throws Exception {
        String stream = names.next("fstream");
        String queue = names.next("fqueue");
        try (SharedMemoryWriteStream first = new SharedMemoryWriteStream(stream, 64, true);
                SharedMemoryQueue created = new SharedMemoryQueue(queue, 4, 32, true, true)) {
            first.write("generation 0");
        }
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<String> lastRead = new AtomicReference<>();
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        try (SharedMemoryReadStream reader = SharedMemoryReadStream.open(stream, true);
                SharedMemoryQueue consumer = SharedMemoryQueue.open(queue, true)) {
            reader.setFollowRecreated(true);
            consumer.setFollowRecreated(true);
            Thread reading = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        if (reader.awaitNewData(Duration.ofMillis(50))) {
                            lastRead.set(reader.readString());
                            reader.markAsRead();
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            Thread consuming = new Thread(() -> {
                try {
                    while (!stop.get()) {
                        String message = consumer.pollString(Duration.ofMillis(50));
                        if (message != null) {
                            received.add(message);
                        }
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            });
            reading.start();
            consuming.start();
            try {
                for (int generation = 1; generation <= GENERATIONS; generation++) {
                    restart(stream, queue, generation);
                }
                String last = "generation " + GENERATIONS;
                List<String> lastMessages = new ArrayList<>();
                for (int i = 0; i < MESSAGES; i++) {
                    lastMessages.add(GENERATIONS + ":" + i);
                }
                // A bound for liveness only (the handles follow within milliseconds).
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while ((!last.equals(lastRead.get()) || !receivedAll(received, lastMessages))
                        && System.nanoTime() < deadline && failures.isEmpty()) {
                    Thread.sleep(10);
                }
                assertEquals(List.of(), failures);
                assertEquals(last, lastRead.get(), "the reader ends on the last generation's data");
                assertTrue(receivedAll(received, lastMessages), () -> "the consumer received " + received);
            } finally {
                stop.set(true);
                reading.join();
                consuming.join();
            }
            assertEquals(List.of(), failures);
            for (long count : new long[] {reader.followCount(), consumer.followCount()}) {
                assertTrue(count >= 1 && count <= GENERATIONS, "followCount " + count);
            }
            assertTrue(reader.lastFollowed().isPresent());
            assertTrue(consumer.lastFollowed().isPresent());
            assertEquals(64 + 8 * GENERATIONS, reader.bufferSize());
            assertEquals(geometry(GENERATIONS)[0], consumer.capacity());
        }
    }

    /** One generation of the writer: a fresh stream and queue (other sizes), its data, exit. */
    private static void restart(String stream, String queue, int generation) {
        String size = Integer.toString(64 + 8 * generation);
        int[] geometry = geometry(generation);
        List<String> enqueue = new ArrayList<>(List.of("queue-enqueue", queue));
        for (int i = 0; i < MESSAGES; i++) {
            enqueue.add(generation + ":" + i);
        }
        String[][] commands = {
            {"stream-write", stream, size, "string", "generation " + generation},
            {"queue-create", queue, Integer.toString(geometry[0]), Integer.toString(geometry[1])},
            enqueue.toArray(String[]::new),
        };
        for (String[] command : commands) {
            (generation % 10 == 0 ? Processes.jvm(JvmPeer.class, command) : Processes.peer(command)).assertSuccess();
        }
    }

    /** Capacity and maxMessageSize of a generation's queue: they change from one to the next. */
    private static int[] geometry(int generation) {
        return new int[] {MESSAGES + generation % 4, 16 + generation % 3 * 8};
    }

    private static boolean receivedAll(List<String> received, List<String> wanted) {
        synchronized (received) {
            return received.containsAll(wanted);
        }
    }
}
