package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Writers and readers under real contention never see a torn payload: every payload is a
 * self-checking pattern (one letter repeated), checked on every read. Bounded to about a second each.
 */
class StreamContentionTest {
    private static final int SIZE = 20 + 4096;
    private static final long MILLIS = 1000;

    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    /** Reads until `running` turns false, from `threads` threads; returns the number of reads. */
    private static long readPatterns(String name, int threads, BooleanSupplier running, SharedMemoryReadStream shared)
            throws InterruptedException {
        AtomicLong reads = new AtomicLong();
        AtomicReference<String> torn = new AtomicReference<>();
        List<Thread> pool = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            boolean own = shared == null || t % 2 == 1;
            pool.add(new Thread(() -> {
                try (SharedMemoryReadStream in = own ? new SharedMemoryReadStream(name, SIZE, true) : null) {
                    SharedMemoryReadStream reader = own ? in : shared;
                    ByteBuffer direct = ByteBuffer.allocateDirect(SIZE);
                    for (int i = 0; running.getAsBoolean(); i++) {
                        byte[] payload;
                        if (i % 2 == 0) {
                            payload = reader.readBytes();
                        } else {
                            direct.clear();
                            reader.read(direct);
                            payload = new byte[direct.flip().remaining()];
                            direct.get(payload);
                        }
                        if (payload.length > 0 && !StreamPatterns.isPattern(payload)) {
                            torn.compareAndSet(null, new String(payload, 0, Math.min(payload.length, 64)));
                        }
                        reads.incrementAndGet();
                    }
                }
            }));
        }
        pool.forEach(Thread::start);
        for (Thread thread : pool) {
            thread.join();
        }
        assertEquals(null, torn.get(), "torn payload");
        return reads.get();
    }

    private static Thread[] startWriters(SharedMemoryWriteStream out, int threads, AtomicBoolean stop) {
        Thread[] pool = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int seed = t;
            pool[t] = new Thread(() -> {
                for (int i = 0; !stop.get(); i++) {
                    out.write(StreamPatterns.pattern(i, seed, (int) out.maxPayloadSize()));
                }
            });
            pool[t].start();
        }
        return pool;
    }

    @Test
    void inProcessWritersAndReadersOnSharedAndOwnHandles() throws Exception {
        String name = names.next("inproc");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, SIZE, true);
                SharedMemoryReadStream shared = new SharedMemoryReadStream(name, SIZE, true)) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread[] writers = startWriters(out, 3, stop);
            long until = System.nanoTime() + MILLIS * 1_000_000;
            long reads = readPatterns(name, 4, () -> System.nanoTime() - until < 0, shared);
            stop.set(true);
            for (Thread writer : writers) {
                writer.join();
            }
            assertTrue(reads > 0);
        }
    }

    @ParameterizedTest
    @EnumSource(StreamPeers.class)
    void javaWritesWhileThePeerReads(StreamPeers peer) throws Exception {
        String name = names.next("jwrite");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, SIZE, true)) {
            AtomicBoolean stop = new AtomicBoolean();
            Thread[] writers = startWriters(out, 2, stop);
            try {
                Processes.Result result = peer.run("stream-stress-read", name, "" + SIZE, "" + MILLIS, "2");
                assertEquals(0, result.exitCode(), () -> result.out() + result.stderr());
                assertTrue(result.out().contains("torn 0"), result.out());
            } finally {
                stop.set(true);
                for (Thread writer : writers) {
                    writer.join();
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(StreamPeers.class)
    void peerWritesWhileJavaReads(StreamPeers peer) throws Exception {
        String name = names.next("pwrite");
        Process writer = peer.start("stream-stress-write", name, "" + SIZE, "" + MILLIS, "2");
        assertEquals("ready", StreamPeers.readLine(writer));
        long reads = readPatterns(name, 3, writer::isAlive, null);
        Processes.Result result = Processes.finish(writer, "peer writer").assertSuccess();
        assertTrue(reads > 0 && result.out().startsWith("writes "), result.out());
    }
}
