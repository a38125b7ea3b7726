package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SharedMemoryQueue across processes: native peers (lsm-peer, the C++ side) and other JVMs. */
class SharedMemoryQueueProcessesTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test
    void nativeAndJavaExchangeMessagesBothWays() {
        String name = names.next("interop");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 8, 64, true, true)) {
            Processes.peer("queue-enqueue", name, "from C++", "zweite Nachricht ✓").assertSuccess();
            assertEquals("from C++", queue.dequeueString());
            assertEquals("zweite Nachricht ✓", queue.dequeueString());
            assertTrue(queue.enqueue("from Java"));
            assertTrue(queue.enqueue("second"));
            assertEquals("from Java\nsecond\n", Processes.peer("queue-dequeue", name, "2").assertSuccess().out());
            assertEquals(3, Processes.peer("queue-dequeue", name, "1").exitCode()); // empty
        }
    }

    @Test
    void queueCreatedByNativePeerOpensWithoutGeometry() {
        String name = names.next("bypeer");
        assertEquals("created " + name + " 5 100\n", Processes.peer("queue-create", name, "5", "100").assertSuccess().out());
        try (SharedMemoryQueue queue = SharedMemoryQueue.open(name, true)) {
            assertEquals(5, queue.capacity());
            assertEquals(100, queue.maxMessageSize());
            Processes.jvm(JvmPeer.class, "queue-enqueue", name, "from another JVM").assertSuccess();
            Processes.peer("queue-enqueue", name, "from C++").assertSuccess();
            assertEquals("from another JVM", queue.dequeueString());
            assertEquals("from C++", queue.dequeueString());
        }
    }

    /**
     * Producers and consumers in separate processes, native and JVM mixed, over one small queue:
     * more than a million messages, none lost, none duplicated, each producer's order kept.
     */
    @Test
    void manyProducersAndConsumersAcrossProcesses(@TempDir Path dir) throws Exception {
        String name = names.next("mpmc");
        final int perProducer = 350_000;
        String[][] producers = {{"native", "0"}, {"jvm", "1"}, {"native", "2"}};
        String[] consumers = {"jvm", "native"};
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 1024, 32, true, true)) {
            List<Process> consumerProcesses = new ArrayList<>();
            List<Path> outputs = new ArrayList<>();
            for (int c = 0; c < consumers.length; c++) {
                Path out = dir.resolve("consumer" + c + ".txt");
                outputs.add(out);
                consumerProcesses.add(start(consumers[c], "queue-consume", name, out.toString()));
            }
            List<Process> producerProcesses = new ArrayList<>();
            for (String[] producer : producers) {
                producerProcesses.add(start(producer[0], "queue-produce", name, producer[1], Integer.toString(perProducer)));
            }
            for (Process producer : producerProcesses) {
                Processes.finish(producer, "producer").assertSuccess();
            }
            for (int c = 0; c < consumers.length; c++) {
                assertTrue(queue.offer("stop", Duration.ofSeconds(60)));
            }
            for (Process consumer : consumerProcesses) {
                Processes.finish(consumer, "consumer").assertSuccess();
            }
            checkDelivery(outputs, producers.length, perProducer);
            assertTrue(queue.isEmpty());
        }
    }

    private static Process start(String kind, String... args) {
        return kind.equals("jvm") ? Processes.startJvm(JvmPeer.class, args) : Processes.startPeer(args);
    }

    /** Every (producer, seq) exactly once over all consumers; within one consumer, each producer's seqs ascend. */
    private static void checkDelivery(List<Path> outputs, int producers, int perProducer) throws IOException {
        BitSet[] seen = new BitSet[producers];
        for (int p = 0; p < producers; p++) {
            seen[p] = new BitSet(perProducer);
        }
        long total = 0;
        for (Path output : outputs) {
            int[] last = new int[producers];
            java.util.Arrays.fill(last, -1);
            for (String line : Files.readAllLines(output, StandardCharsets.UTF_8)) {
                int colon = line.indexOf(':');
                int producer = Integer.parseInt(line.substring(0, colon));
                int seq = Integer.parseInt(line.substring(colon + 1));
                assertTrue(seq > last[producer], () -> output + ": producer " + producer + " out of order at " + line);
                last[producer] = seq;
                assertTrue(!seen[producer].get(seq), () -> "duplicate " + line);
                seen[producer].set(seq);
                total++;
            }
        }
        for (int p = 0; p < producers; p++) {
            assertEquals(perProducer, seen[p].cardinality(), "messages of producer " + p);
        }
        assertEquals((long) producers * perProducer, total);
    }
}
