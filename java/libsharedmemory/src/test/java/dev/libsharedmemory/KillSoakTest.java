package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * Soak: native and JVM processes drive a queue and a stream while producers and writers are
 * killed (SIGKILL) at random moments and restarted, over and over, for a bounded time. No
 * survivor fails or hangs, and every acknowledged message arrives exactly once; the only extra
 * message allowed per killed producer is the one it was enqueuing when it died.
 */
@DisabledOnOs(OS.WINDOWS)
class KillSoakTest {
    private static final long QUEUE_SOAK_MILLIS = 10_000;
    private static final long STREAM_SOAK_MILLIS = 6_000;

    @TempDir
    Path logs;

    /** A producer process incarnation: its id and its acknowledgement log. */
    private record Incarnation(String id, Path log, Process process) {}

    private Incarnation startProducer(String queue, String id, boolean jvm) {
        Path log = logs.resolve(id + ".log");
        Process p = jvm ? Processes.startJvm(JvmPeer.class, "soak-produce", queue, id, log.toString())
                : Processes.startPeer("soak-produce", queue, id, log.toString());
        return new Incarnation(id, log, p);
    }

    private static void kill(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "a killed process did not exit");
    }

    @Test
    void queueSurvivesProducersKilledAndRestarted() throws Exception {
        Random random = new Random(42);
        try (TestSegments names = new TestSegments();
                SharedMemoryQueue queue = new SharedMemoryQueue(names.next("qsoak"), 16, 32, true, true)) {
            String name = queue.name();
            List<String> received = Collections.synchronizedList(new ArrayList<>());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean producing = new AtomicBoolean(true);
            AtomicBoolean consuming = new AtomicBoolean(true);
            AtomicLong javaAcked = new AtomicLong();

            Path nativeOut = logs.resolve("native-consumer.out");
            Process nativeConsumer = Processes.startPeer("queue-consume", name, nativeOut.toString());

            Thread javaConsumer = new Thread(() -> {
                try (SharedMemoryQueue q = SharedMemoryQueue.open(name, true)) {
                    while (true) {
                        String m = q.pollString(Duration.ofMillis(50));
                        if (m == null) {
                            if (!consuming.get()) {
                                return;
                            }
                        } else if (m.equals("stop")) {
                            q.offer("stop", Duration.ofSeconds(10)); // it is the native consumer's
                            Thread.sleep(1);
                        } else {
                            received.add(m);
                        }
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "java-consumer");
            Thread javaProducer = new Thread(() -> {
                try (SharedMemoryQueue q = SharedMemoryQueue.open(name, true)) {
                    for (long seq = 0; producing.get(); seq++) {
                        if (!q.offer("t:" + seq, Duration.ofSeconds(10))) {
                            throw new AssertionError("the queue stayed full for 10 s");
                        }
                        javaAcked.set(seq + 1);
                    }
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }, "java-producer");
            javaConsumer.start();
            javaProducer.start();

            List<Incarnation> incarnations = new ArrayList<>();
            Incarnation nativeProducer = startProducer(name, "n0", false);
            Incarnation jvmProducer = startProducer(name, "j0", true);
            incarnations.add(nativeProducer);
            incarnations.add(jvmProducer);
            long start = System.nanoTime();
            long nextJvmKill = start + TimeUnit.MILLISECONDS.toNanos(1500 + random.nextInt(1000));
            int nativeKills = 0;
            int jvmKills = 0;
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(QUEUE_SOAK_MILLIS)
                    && failure.get() == null) {
                Thread.sleep(100 + random.nextInt(300));
                kill(nativeProducer.process());
                nativeProducer = startProducer(name, "n" + ++nativeKills, false);
                incarnations.add(nativeProducer);
                if (System.nanoTime() >= nextJvmKill) {
                    kill(jvmProducer.process());
                    jvmProducer = startProducer(name, "j" + ++jvmKills, true);
                    incarnations.add(jvmProducer);
                    nextJvmKill = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500 + random.nextInt(1000));
                }
            }
            kill(nativeProducer.process());
            kill(jvmProducer.process());
            producing.set(false);
            javaProducer.join(30_000);
            assertTrue(queue.offer("stop", Duration.ofSeconds(10)));
            Processes.Result consumerResult = Processes.finish(nativeConsumer, "native consumer");
            consuming.set(false);
            javaConsumer.join(30_000);
            if (failure.get() != null) {
                throw new AssertionError("a surviving thread failed", failure.get());
            }
            consumerResult.assertSuccess();
            assertEquals(0, queue.size());

            List<String> all = new ArrayList<>(received);
            for (String line : Files.readAllLines(nativeOut, StandardCharsets.UTF_8)) {
                all.add(line);
            }
            Map<String, List<Long>> byProducer = new HashMap<>();
            for (String m : all) {
                int colon = m.indexOf(':');
                byProducer.computeIfAbsent(m.substring(0, colon), k -> new ArrayList<>())
                        .add(Long.parseLong(m.substring(colon + 1)));
            }
            // The in-process producer: every message, exactly once.
            checkExactlyOnce("t", byProducer.getOrDefault("t", List.of()), javaAcked.get(), false);
            long acknowledged = javaAcked.get();
            for (Incarnation incarnation : incarnations) {
                long acked = Files.exists(incarnation.log()) ? Files.readAllLines(incarnation.log()).size() : 0;
                acknowledged += acked;
                checkExactlyOnce(incarnation.id(), byProducer.getOrDefault(incarnation.id(), List.of()), acked, true);
            }
            System.out.printf("queue soak: %d native and %d JVM producer kills, %d messages received, %d acknowledged%n",
                    nativeKills + 1, jvmKills + 1, all.size(), acknowledged);
        }
    }

    /**
     * Producer {@code id} logged seqs 0..acked-1 as acknowledged. They must all be received
     * exactly once; a killed producer may add seq {@code acked}: enqueued, killed before its log line.
     */
    private static void checkExactlyOnce(String id, List<Long> seqs, long acked, boolean killed) {
        TreeSet<Long> unique = new TreeSet<>(seqs);
        assertEquals(unique.size(), seqs.size(), () -> id + ": a message was received twice");
        for (long seq = 0; seq < acked; seq++) {
            if (!unique.contains(seq)) {
                fail(id + ": acknowledged message " + seq + " was lost (acknowledged " + acked + ")");
            }
        }
        long allowed = killed ? acked + 1 : acked;
        assertTrue(unique.isEmpty() || unique.last() < allowed,
                () -> id + ": received " + unique.last() + " but only " + acked + " were acknowledged");
    }

    @Test
    void streamReadersSurviveWritersKilledAndRestarted() throws Exception {
        Random random = new Random(7);
        long size = 4096;
        try (TestSegments names = new TestSegments()) {
            String name = names.next("ssoak");
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicBoolean reading = new AtomicBoolean(true);
            AtomicLong reads = new AtomicLong();
            AtomicLong empty = new AtomicLong();
            List<Thread> readers = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Thread reader = new Thread(() -> {
                    try {
                        while (reading.get()) {
                            // Reopen now and then: a restarted writer re-creates the name.
                            try (SharedMemoryReadStream in = new SharedMemoryReadStream(name, size, true)) {
                                in.setLockTimeout(Duration.ofSeconds(5));
                                for (int i = 0; i < 200 && reading.get(); i++) {
                                    String s = in.readString();
                                    reads.incrementAndGet();
                                    if (s.isEmpty()) {
                                        empty.incrementAndGet();
                                    } else if (!StreamPatternsCheck.isPattern(s)) {
                                        throw new AssertionError("torn payload of " + s.length() + " bytes: "
                                                + s.substring(0, Math.min(40, s.length())));
                                    }
                                }
                            } catch (SegmentNotFoundException | InvalidSizeException between) {
                                Thread.sleep(1); // the writer is just re-creating the segment
                            }
                        }
                    } catch (Throwable e) {
                        failure.compareAndSet(null, e);
                    }
                }, "stream-reader-" + t);
                readers.add(reader);
            }
            Process writer = Processes.startPeer("stream-stress-write", name, Long.toString(size), "60000", "1");
            waitForReady(writer);
            readers.forEach(Thread::start);
            Process nativeReader = Processes.startPeer("stream-stress-read", name, Long.toString(size),
                    Long.toString(STREAM_SOAK_MILLIS), "2");
            long start = System.nanoTime();
            int kills = 0;
            while (System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(STREAM_SOAK_MILLIS)
                    && failure.get() == null) {
                Thread.sleep(50 + random.nextInt(200));
                kill(writer);
                kills++;
                writer = kills % 5 == 0
                        ? Processes.startJvm(JvmPeer.class, "soak-stream-write", name, Long.toString(size))
                        : Processes.startPeer("stream-stress-write", name, Long.toString(size), "60000", "1");
                waitForReady(writer);
            }
            kill(writer);
            reading.set(false);
            for (Thread reader : readers) {
                reader.join(30_000);
                assertTrue(!reader.isAlive(), "a reader hung");
            }
            if (failure.get() != null) {
                throw new AssertionError("a reader failed", failure.get());
            }
            Processes.Result nativeResult = Processes.finish(nativeReader, "native stream reader");
            nativeResult.assertSuccess(); // exit 4 if it saw a torn payload
            assertTrue(reads.get() > 0);
            System.out.printf("stream soak: %d writer kills, %d reads (%d empty), native reader: %s", kills,
                    reads.get(), empty.get(), nativeResult.out());
        }
    }

    private static void waitForReady(Process process) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = process.getInputStream().read()) != -1 && c != '\n';) {
            line.append((char) c);
        }
        if (!line.toString().equals("ready")) {
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            throw new AssertionError("writer did not start: " + line + " " + err);
        }
    }

    /** The payloads of stream-stress-write and soak-stream-write: 1..max bytes, all one letter a..z. */
    static final class StreamPatternsCheck {
        static boolean isPattern(String s) {
            char c = s.charAt(0);
            if (c < 'a' || c > 'z') {
                return false;
            }
            for (int i = 1; i < s.length(); i++) {
                if (s.charAt(i) != c) {
                    return false;
                }
            }
            return true;
        }
    }
}
