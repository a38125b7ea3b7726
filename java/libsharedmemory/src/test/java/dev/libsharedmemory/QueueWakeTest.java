package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sleeping queue waits across processes (Linux futex, Windows semaphores) and the wake block
 * after the ring. The sleepers' peer poll interval is 60 s: only a wake-up ends their wait early;
 * each test asserts that it ended (the peer's exit within the process timeout), never a time.
 */
@EnabledOnOs({OS.LINUX, OS.WINDOWS})
class QueueWakeTest {
    // The geometry of the queues of the wait tests (InterruptSleepingWaitTest too): the ring, then the wake block.
    static final int CAPACITY = 2;
    static final int MAX = 16;
    static final int RING = 28 + CAPACITY * (4 + MAX);
    static final int BLOCK = 64;

    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }


    @ParameterizedTest
    @ValueSource(strings = {"jvm", "native"})
    void aConsumerInAnotherProcessIsWokenByAnEnqueue(String peer) throws Exception {
        String name = names.next("qwake");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, CAPACITY, MAX, true, true);
                SharedMemory raw = SharedMemory.open(name, RING + BLOCK, true)) {
            assertEquals("lsmwake1", blockMagic(raw.buffer()));
            Process consumer = peer.equals("native") ? Processes.startPeer("queue-sleep", name, WaitTests.SIXTY_SECONDS_MS)
                    : Processes.startJvm(JvmPeer.class, "queue-sleep", name, WaitTests.SIXTY_SECONDS_MS);
            assertEquals("ready", StreamPeers.readLine(consumer));
            WaitTests.awaitOneSleeper(() -> raw.buffer().get(RING + 8));
            assertTrue(queue.enqueue("wake up"));
            Processes.Result result = Processes.finish(consumer, "sleeping consumer", WaitTests.PROCESS_TIMEOUT_SECONDS);
            result.assertSuccess();
            assertEquals("wake up", result.out());
            assertEquals(0, raw.buffer().get(RING + 8), "the consumer counted itself out");
        }
    }

    @Test
    void aProducerInAnotherProcessIsWokenByADequeue() throws Exception {
        String name = names.next("qroom");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, CAPACITY, MAX, true, true);
                SharedMemory raw = SharedMemory.open(name, RING + BLOCK, true)) {
            assertTrue(queue.enqueue("1") && queue.enqueue("2")); // full
            Process producer = Processes.startJvm(JvmPeer.class, "queue-sleep-put", name, "3", WaitTests.SIXTY_SECONDS_MS);
            assertEquals("ready", StreamPeers.readLine(producer));
            WaitTests.awaitOneSleeper(() -> raw.buffer().get(RING + 9));
            assertEquals("1", queue.dequeueString());
            Processes.finish(producer, "sleeping producer", WaitTests.PROCESS_TIMEOUT_SECONDS).assertSuccess();
            assertEquals("2", queue.dequeueString());
            assertEquals("3", queue.dequeueString());
        }
    }

    @Test
    void aConsumerHereIsWokenByAProducerInAnotherProcess() throws Exception {
        String name = names.next("qhere");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, CAPACITY, MAX, true, true);
                SharedMemory raw = SharedMemory.open(name, RING + BLOCK, true)) {
            queue.setWaitStrategy(WaitStrategy.sleep(Duration.ofSeconds(60)));
            // Threads of their own: the common pool may have a single worker on a small machine.
            CompletableFuture<Processes.Result> producer = new CompletableFuture<>();
            Thread producerStarter = new Thread(() -> {
                try {
                    WaitTests.awaitOneSleeper(() -> raw.buffer().get(RING + 8));
                    producer.complete(Processes.peer("queue-enqueue", name, "from peer"));
                } catch (Throwable t) {
                    producer.completeExceptionally(t);
                }
            });
            CompletableFuture<String> taken = new CompletableFuture<>();
            Thread taker = new Thread(() -> {
                try {
                    taken.complete(queue.takeString());
                } catch (Throwable t) {
                    taken.completeExceptionally(t);
                }
            });
            taker.setDaemon(true);
            producerStarter.start();
            taker.start();
            assertEquals("from peer", taken.get(WaitTests.PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            producer.get(WaitTests.PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS).assertSuccess();
        }
    }

    /** The adaptive slices: an enqueue that woke nobody marks the consumer (its slices 10 ms from then on); a woken one does not. */
    @Test
    void onlyAnEnqueueThatWokeNobodyShortensTheSlices() throws Exception {
        String name = names.next("qadapt");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, CAPACITY, MAX, true, true);
                SharedMemoryQueue producer = new SharedMemoryQueue(name, CAPACITY, MAX, true, false);
                SharedMemory raw = SharedMemory.open(name, RING + BLOCK, true)) {
            queue.setWaitStrategy(WaitStrategy.sleep(Duration.ofSeconds(60))); // only the wake-up ends the slice
            Thread woken = WaitTests.onceAsleep(() -> raw.buffer().get(RING + 8), () -> producer.enqueue("woken"));
            assertEquals("woken", queue.pollString(Duration.ofSeconds(60)));
            woken.join();
            assertFalse(queue.unwokenPeerSeen(), "after an enqueue that woke the consumer");
            queue.setWaitStrategy(WaitStrategy.sleep()); // the C++-style enqueue is seen when a 100 ms slice ends
            Thread cpp = WaitTests.onceAsleep(() -> raw.buffer().get(RING + 8),
                    () -> Processes.peer("queue-upstream-enqueue", name, "unwoken").assertSuccess());
            assertEquals("unwoken", queue.pollString(Duration.ofSeconds(60)));
            cpp.join();
            assertTrue(queue.unwokenPeerSeen(), "after an enqueue that woke nobody");
        }
    }

    @Test
    void aCppStylePeerWorksWithAQueueThatHasAWakeBlock() throws Exception {
        String name = names.next("qcpp");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, CAPACITY, MAX, true, true)) {
            Processes.peer("queue-upstream-enqueue", name, "unwoken").assertSuccess(); // wakes nobody
            assertEquals("unwoken", queue.pollString(Duration.ofSeconds(60)));
            assertTrue(queue.enqueue("for c++"));
            assertEquals("for c++\n", Processes.peer("queue-dequeue", name, "1").assertSuccess().out());
        }
    }

    @Test
    void aQueueTheCppLibraryCreatedIsWaitedOnWithBoundedSleeps() throws Exception {
        String name = names.next("qnoblk");
        Processes.peer("queue-upstream-create", name, Integer.toString(CAPACITY), Integer.toString(MAX)).assertSuccess();
        try (SharedMemoryQueue queue = SharedMemoryQueue.open(name, true);
                SharedMemoryQueue same = SharedMemoryQueue.openOrCreate(name, CAPACITY, MAX, true)) {
            assertEquals(false, same.created(), "open-or-create accepts the ring without a block");
            Thread producer = new Thread(() -> {
                try {
                    Thread.sleep(30);
                    Processes.peer("queue-upstream-enqueue", name, "late").assertSuccess();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            producer.start();
            assertEquals("late", queue.takeString()); // the default strategy looks every 10 ms
            producer.join();
            assertTrue(queue.offer("a", Duration.ofSeconds(1)) && queue.offer("b", Duration.ofSeconds(1)));
            assertEquals(false, queue.offer("c", Duration.ofMillis(30)));
        }
    }

    @Test
    void waitingLeavesTheHeaderAndSlotsAsTheyWere() throws Exception {
        String name = names.next("qwire");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, CAPACITY, MAX, true, true);
                SharedMemory raw = SharedMemory.open(name, RING + BLOCK, true)) {
            queue.setWaitStrategy(WaitStrategy.sleep(Duration.ofSeconds(60)));
            byte[] before = ring(raw.buffer());
            Thread waiter = new Thread(() -> {
                try {
                    queue.take();
                } catch (InterruptedException | SegmentClosedException ended) {
                    // ends below
                }
            });
            waiter.start();
            WaitTests.awaitOneSleeper(() -> raw.buffer().get(RING + 8));
            assertArrayEquals(before, ring(raw.buffer()), "while a consumer sleeps");
            queue.close();
            waiter.join();
            assertArrayEquals(before, ring(raw.buffer()), "after it woke");
        }
    }

    private static byte[] ring(ByteBuffer raw) {
        byte[] bytes = new byte[RING];
        raw.get(0, bytes);
        return bytes;
    }

    private static String blockMagic(ByteBuffer raw) {
        byte[] magic = new byte[8];
        raw.get(RING, magic);
        return new String(magic, StandardCharsets.US_ASCII);
    }
}
