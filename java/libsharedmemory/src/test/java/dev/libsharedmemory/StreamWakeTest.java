package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Sleeping stream waits across processes (Linux futex, Windows semaphores). The waiters' peer
 * poll interval is 60 s, so only a wake-up ends their wait early: each test asserts that the wait
 * ended (the peer's exit within the process timeout), never a time. Each write happens only once
 * the waiter's count in the header shows it asleep.
 */
@EnabledOnOs({OS.LINUX, OS.WINDOWS})
class StreamWakeTest {
    private static final int SIZE = 64;

    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    private static Process sleeper(String peer, String... args) {
        return peer.equals("native") ? Processes.startPeer(args) : Processes.startJvm(JvmPeer.class, args);
    }


    @ParameterizedTest
    @ValueSource(strings = {"jvm", "native"})
    void aReaderInAnotherProcessIsWokenByAWrite(String peer) throws Exception {
        String name = names.next("wread");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, SIZE, true);
                SharedMemory raw = SharedMemory.open(name, SIZE, true)) {
            Process reader = sleeper(peer, "stream-sleep", name, Integer.toString(SIZE), WaitTests.SIXTY_SECONDS_MS);
            assertEquals("ready", StreamPeers.readLine(reader));
            WaitTests.awaitOneSleeper(() -> raw.buffer().get(2));
            out.write("woken");
            Processes.Result result = Processes.finish(reader, "sleeping reader", WaitTests.PROCESS_TIMEOUT_SECONDS);
            result.assertSuccess();
            assertEquals("woken", result.out());
            assertEquals(0, raw.buffer().get(2), "the reader counted itself out");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"jvm", "native"})
    void aReaderHereIsWokenByAWriterInAnotherProcess(String peer) throws Exception {
        String name = names.next("wwrite");
        try (SharedMemoryWriteStream created = new SharedMemoryWriteStream(name, SIZE, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true);
                SharedMemory raw = SharedMemory.open(name, SIZE, true)) {
            in.setWaitStrategy(WaitStrategy.sleep(Duration.ofSeconds(60)));
            Thread writerStarter = new Thread(() -> {
                try {
                    WaitTests.awaitOneSleeper(() -> raw.buffer().get(2));
                    String[] write = {"stream-open-or-create", name, Integer.toString(SIZE), "from peer"}; // opens it
                    (peer.equals("native") ? Processes.peer(write) : Processes.jvm(JvmPeer.class, write)).assertSuccess();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            writerStarter.start();
            assertTrue(awaitWithin30s(in));
            writerStarter.join();
            assertEquals("from peer", in.readString());
        }
    }

    @Test
    void aWriterInAnotherProcessIsWokenByAnAck() throws Exception {
        String name = names.next("wack");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, SIZE, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true);
                SharedMemory raw = SharedMemory.open(name, SIZE, true)) {
            out.write("ack me");
            Process writer = sleeper("jvm", "stream-sleep-ack", name, Integer.toString(SIZE), WaitTests.SIXTY_SECONDS_MS);
            assertEquals("ready", StreamPeers.readLine(writer));
            WaitTests.awaitOneSleeper(() -> raw.buffer().get(3));
            in.markAsRead();
            Processes.finish(writer, "writer sleeping for the ack", WaitTests.PROCESS_TIMEOUT_SECONDS).assertSuccess();
        }
    }

    @Test
    void aWriteThatWakesNobodyIsStillNoticed() throws Exception {
        String name = names.next("wupstr");
        try (SharedMemoryWriteStream created = new SharedMemoryWriteStream(name, SIZE, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true);
                SharedMemory raw = SharedMemory.open(name, SIZE, true)) {
            assertEquals(WaitStrategy.sleep(), in.waitStrategy()); // the default: polls every 10 ms
            Thread writerStarter = new Thread(() -> {
                try {
                    WaitTests.awaitOneSleeper(() -> raw.buffer().get(2));
                    Processes.peer("stream-upstream-write", name, Integer.toString(SIZE), "c++ style").assertSuccess();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            writerStarter.start();
            assertTrue(in.awaitNewData(Duration.ofSeconds(60)));
            writerStarter.join();
            assertEquals("c++ style", in.readString());
        }
    }

    /** The adaptive slices: a change that woke nobody marks the reader (its slices 10 ms from then on); a woken one does not. */
    @Test
    void onlyAWriteThatWokeNobodyShortensTheSlices() throws Exception {
        String name = names.next("wadapt");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, SIZE, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true);
                SharedMemory raw = SharedMemory.open(name, SIZE, true)) {
            in.setWaitStrategy(WaitStrategy.sleep(Duration.ofSeconds(60))); // only the wake-up ends the slice
            Thread writer = WaitTests.onceAsleep(() -> raw.buffer().get(2), () -> out.write("woken"));
            assertTrue(in.awaitNewData(Duration.ofSeconds(60)));
            writer.join();
            in.markAsRead();
            assertFalse(in.unwokenPeerSeen(), "after a write that woke the reader");
            in.setWaitStrategy(WaitStrategy.sleep()); // the C++-style write is seen when a 100 ms slice ends
            Thread cpp = WaitTests.onceAsleep(() -> raw.buffer().get(2), () -> Processes.peer("stream-upstream-write", name,
                    Integer.toString(SIZE), "c++ style").assertSuccess());
            assertTrue(in.awaitNewData(Duration.ofSeconds(60)));
            cpp.join();
            assertTrue(in.unwokenPeerSeen(), "after a write that woke nobody");
        }
    }

    @Test
    void sleepingLeavesEveryByteTheCppLibraryReadsUnchanged() throws Exception {
        String name = names.next("wwire");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, SIZE, true);
                SharedMemory raw = SharedMemory.open(name, SIZE, true)) {
            SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true);
            out.write("before");
            in.markAsRead();
            byte[] before = upstreamBytes(raw.buffer());
            in.setWaitStrategy(WaitStrategy.sleep(Duration.ofSeconds(60)));
            Thread waiter = new Thread(() -> {
                try {
                    in.awaitNewData(Duration.ofSeconds(60));
                } catch (InterruptedException | SegmentClosedException ended) {
                    // ends below
                }
            });
            waiter.start();
            WaitTests.awaitOneSleeper(() -> raw.buffer().get(2));
            assertArrayEquals(before, upstreamBytes(raw.buffer()), "while a reader sleeps");
            assertEquals(0, raw.buffer().get(1), "the write mark");
            in.close(); // ends the sleep (SegmentClosedException)
            waiter.join();
            assertArrayEquals(before, upstreamBytes(raw.buffer()), "after it woke");
            assertEquals(0, raw.buffer().get(2) | raw.buffer().get(3), "nobody counted any more");
        }
    }

    /** awaitNewData(60 s) on a thread of its own: its result, or an AssertionError if it has not returned in 30 s. */
    private static boolean awaitWithin30s(SharedMemoryReadStream in) throws Exception {
        CompletableFuture<Boolean> woken = new CompletableFuture<>();
        Thread waiter = new Thread(() -> {
            try {
                woken.complete(in.awaitNewData(Duration.ofSeconds(60)));
            } catch (Throwable t) {
                woken.completeExceptionally(t);
            }
        });
        waiter.setDaemon(true);
        waiter.start();
        try {
            return woken.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the reader was not woken", e);
        }
    }

    /** Byte 0, the 16 header bytes from offset 4 and the payload: all the C++ library reads. */
    private static byte[] upstreamBytes(ByteBuffer raw) {
        byte[] bytes = new byte[SIZE - 3];
        bytes[0] = raw.get(0);
        raw.get(4, bytes, 1, SIZE - 4);
        return bytes;
    }
}
