package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * openOrCreate across processes: racers started together (lsm-peer and JvmPeer, {@code --at})
 * all end on one object, exactly one creates it, none sees a half-initialised header; a second
 * producer joins a running queue (issue #19); a reader that knows no size reads a native stream.
 */
class OpenOrCreateProcessesTest {
    private static final int PROCESSES = 8;
    private static final int ROUNDS = 10;
    private static final int JVMS_IN_MIXED_ROUND = 4;

    /** What the racers of one round printed: "created" or "opened" each. */
    private static List<String> race(int jvms, String command, String name, String... args) {
        long at = System.currentTimeMillis() + (jvms > 0 ? 4000 : 300); // JVMs start slowly
        List<Process> started = new ArrayList<>();
        for (int i = 0; i < PROCESSES; i++) {
            List<String> argv = new ArrayList<>(List.of(command, name));
            for (String arg : args) {
                argv.add(arg.replace("{i}", Integer.toString(i)));
            }
            argv.add("--at");
            argv.add(Long.toString(at));
            String[] array = argv.toArray(String[]::new);
            started.add(i < jvms ? Processes.startJvm(JvmPeer.class, array) : Processes.startPeer(array));
        }
        List<String> outcomes = new ArrayList<>();
        for (Process process : started) {
            outcomes.add(Processes.finish(process, command + " " + name).assertSuccess().out().trim());
        }
        return outcomes;
    }

    private static void assertOneCreator(List<String> outcomes) {
        assertEquals(1, outcomes.stream().filter("created"::equals).count(), outcomes::toString);
        assertEquals(PROCESSES - 1, outcomes.stream().filter("opened"::equals).count(), outcomes::toString);
    }

    private static void segmentRound(int jvms) {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("oocseg");
            assertOneCreator(race(jvms, "segment-open-or-create", name, "4096"));
            try (SharedMemory shm = SharedMemory.open(name, 4096, true)) {
                assertEquals(PROCESSES, shm.buffer().getInt(0)); // every racer added 1 to the same object
            }
        }
    }

    private static void queueRound(int jvms) {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("oocq");
            assertOneCreator(race(jvms, "queue-open-or-create", name, "16", "32", "p{i}"));
            try (SharedMemoryQueue queue = SharedMemoryQueue.open(name, true)) {
                Set<String> received = new HashSet<>();
                for (String message; (message = queue.dequeueString()) != null; ) {
                    received.add(message);
                }
                Set<String> expected = new HashSet<>();
                for (int i = 0; i < PROCESSES; i++) {
                    expected.add("p" + i);
                }
                assertEquals(expected, received); // each racer's message, once: no header was half-initialised
            }
        }
    }

    private static void streamRound(int jvms) {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("oocs");
            assertOneCreator(race(jvms, "stream-open-or-create", name, "64", "w{i}"));
            String[] header = Processes.peer("stream-header", name, "64").assertSuccess().out().trim().split(" ");
            assertEquals(Integer.toString(PROCESSES), header[1], "revision: one write per racer on one stream");
        }
    }

    @Test
    void nativeRacersEndOnOneSegmentQueueAndStream() {
        for (int round = 0; round < ROUNDS; round++) {
            segmentRound(0);
            queueRound(0);
            streamRound(0);
        }
    }

    @Test
    void jvmAndNativeRacersEndOnOneSegmentQueueAndStream() {
        segmentRound(JVMS_IN_MIXED_ROUND);
        queueRound(JVMS_IN_MIXED_ROUND);
        streamRound(JVMS_IN_MIXED_ROUND);
    }

    @Test
    void secondProducerJoinsARunningQueue() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("oocjoin");
            try (SharedMemoryQueue producer = new SharedMemoryQueue(name, 8, 64, true, true);
                    SharedMemoryQueue consumer = new SharedMemoryQueue(name, 8, 64, true, false)) {
                producer.enqueue("order 1");
                assertEquals("order 1", consumer.dequeueString());
                Processes.Result second = Processes.jvm(JvmPeer.class, "queue-open-or-create", name, "8", "64", "order 2")
                        .assertSuccess();
                assertEquals("opened", second.out().trim());
                assertEquals("order 2", consumer.dequeueString()); // the consumer keeps receiving
                producer.enqueue("order 3");
                assertEquals("order 3", consumer.dequeueString());
                assertNull(consumer.dequeueString());
                assertFalse(producer.isStale());
                assertFalse(consumer.isStale());
            }
        }
    }

    @Test
    void sizelessReaderReadsANativeWritersStream() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("oocread");
            Processes.peer("stream-write", name, "100", "string", "from C++").assertSuccess();
            try (SharedMemoryReadStream in = SharedMemoryReadStream.open(name, true)) {
                assertEquals(100, in.bufferSize());
                assertEquals(80, in.maxPayloadSize());
                assertEquals("from C++", in.readString());
            }
        }
    }
}
