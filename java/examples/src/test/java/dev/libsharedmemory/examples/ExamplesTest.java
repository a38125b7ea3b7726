package dev.libsharedmemory.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.libsharedmemory.SharedMemory;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Runs the README's programs as a user would, each in a JVM of its own (the C++ side: the native
 * peer), under names unique to this run, and checks that each leaves no segment behind.
 */
class ExamplesTest {
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final String RUN = Long.toString(ProcessHandle.current().pid(), 36);

    private String name;

    private String uniqueName(String stem) {
        name = "lx" + stem + "_" + RUN + "_" + COUNTER.incrementAndGet(); // within macOS's 30 bytes
        return name;
    }

    /** Whatever an example left behind is removed; that it left nothing is asserted in each test. */
    @AfterEach
    void removeLeftovers() {
        if (name != null) {
            SharedMemory.remove(name);
        }
    }

    private void assertRemoved() {
        assertFalse(SharedMemory.remove(name), "the example left segment '" + name + "' behind");
    }

    @Test
    void segmentExampleReadsWhatItWroteAndRemovesTheName() {
        try (ExampleRun example = ExampleRun.java(SegmentExample.class, uniqueName("seg"))) {
            assertEquals(List.of("celsius = 21.5"), example.finish());
        }
        assertRemoved();
    }

    @Test
    void streamExampleSeesTheWriteAndTheWriterSeesTheAcknowledgement() {
        try (ExampleRun example = ExampleRun.java(StreamExample.class, uniqueName("str"))) {
            assertEquals(List.of("read: { foo: 'coolest IPC ever!' }", "acknowledged: true"), example.finish());
        }
        assertRemoved();
    }

    @Test
    void queueProgramsInTwoJvmsHandOverEveryOrderInOrder() {
        String queue = uniqueName("q");
        try (ExampleRun producer = ExampleRun.java(OrderProducer.class, queue)) {
            assertEquals(List.of("sent: 3 apples", "sent: 1 pear", "sent: 2 coffees", "sent: done"), producer.finish());
        }
        try (SharedMemory stillThere = SharedMemory.open(queue, true)) {
            assertTrue(stillThere.size() > 0, "the persistent queue outlives its producer");
        }
        try (ExampleRun consumer = ExampleRun.java(OrderConsumer.class, queue)) {
            assertEquals(List.of("received: 3 apples", "received: 1 pear", "received: 2 coffees"), consumer.finish());
        }
        assertRemoved();
    }

    @Test
    void queueProgramsRunningAtOnceHandOverEveryOrder() {
        String queue = uniqueName("qq");
        try (ExampleRun producer = ExampleRun.java(OrderProducer.class, queue)) {
            assertEquals("sent: 3 apples", producer.nextLine()); // the queue exists from here on
            try (ExampleRun consumer = ExampleRun.java(OrderConsumer.class, queue)) {
                assertEquals(List.of("received: 3 apples", "received: 1 pear", "received: 2 coffees"),
                        consumer.finish());
            }
            producer.finish();
        }
        assertRemoved();
    }

    @Test
    void spinningConsumerTakesEveryOrderOfTheProducer() {
        String queue = uniqueName("qs");
        try (ExampleRun producer = ExampleRun.java(OrderProducer.class, queue)) {
            assertEquals("sent: 3 apples", producer.nextLine()); // the queue exists from here on
            try (ExampleRun consumer = ExampleRun.java(SpinningConsumer.class, queue)) {
                assertEquals(List.of("received: 3 apples", "received: 1 pear", "received: 2 coffees"),
                        consumer.finish());
            }
            producer.finish();
        }
        assertRemoved();
    }

    @Test
    void javaPublisherIsReadAndAcknowledgedByTheNativePeer() {
        String stream = uniqueName("json");
        try (ExampleRun publisher = ExampleRun.java(JsonPublisher.class, stream)) {
            assertEquals("published on '" + stream + "', waiting for a reader", publisher.nextLine());
            // what docs/examples/json_reader.cpp does: read the payload, acknowledge it
            try (ExampleRun reader = ExampleRun.peer("stream-read", stream, "65535", "string", "--mark")) {
                assertEquals(List.of("{ \"sensor\": 7, \"celsius\": 21.5 }"), reader.finish());
            }
            assertEquals("acknowledged by a reader", publisher.nextLine());
            publisher.finish();
        }
        assertRemoved();
    }
}
