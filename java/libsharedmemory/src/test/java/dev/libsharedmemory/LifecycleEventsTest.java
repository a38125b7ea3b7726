package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The JFR events of LifecycleEvents, recorded in this JVM while real peers hold, die and re-create. */
@DisabledOnOs(OS.WINDOWS) // the peers are killed with SIGKILL holding their locks
class LifecycleEventsTest {
    private static final String LOCK_TIMEOUT = "dev.libsharedmemory.LockTimeout";
    private static final String FORCED_UNLOCK = "dev.libsharedmemory.ForcedUnlock";
    private static final String TAKEN_OVER = "dev.libsharedmemory.HolderTakenOver";
    private static final String STALE = "dev.libsharedmemory.StaleHandle";
    private static final String FOLLOWED = "dev.libsharedmemory.Followed";

    interface Action {
        void run() throws Exception;
    }

    /**
     * The events named {@code eventName} of {@code segment} committed while {@code action} ran,
     * with {@code enabled} enabled and {@code disabled} disabled (the others as their annotations say: on).
     */
    private static List<RecordedEvent> recorded(String eventName, String segment, Action action, List<String> enabled,
            List<String> disabled) throws Exception {
        Path file = Files.createTempFile("lsm-lifecycle", ".jfr");
        try (Recording recording = new Recording()) {
            enabled.forEach(recording::enable);
            disabled.forEach(recording::disable);
            recording.start();
            action.run();
            recording.stop();
            recording.dump(file);
            return RecordingFile.readAllEvents(file).stream()
                    .filter(e -> e.getEventType().getName().equals(eventName))
                    .filter(e -> segment.equals(e.getString("segment")))
                    .collect(Collectors.toList());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static List<RecordedEvent> recorded(String eventName, String segment, Action action) throws Exception {
        return recorded(eventName, segment, action, List.of(eventName), List.of());
    }

    private static RecordedEvent only(List<RecordedEvent> events) {
        assertEquals(1, events.size(), () -> "events: " + events);
        return events.get(0);
    }

    @Test
    void lockTimeoutNamesSegmentHandleLockHolderAndWait() throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemoryQueue queue = new SharedMemoryQueue(names.next("jfrto"), 4, 32, true, true)) {
            HeldLocks.Held held = HeldLocks.peerHolding("queue-hold", queue.name(), "producer", "--upstream");
            try {
                queue.setLockTimeout(Duration.ofMillis(20));
                RecordedEvent event = only(recorded(LOCK_TIMEOUT, queue.name(),
                        () -> assertThrows(LockTimeoutException.class, () -> queue.enqueue("x"))));
                assertEquals("queue", event.getString("handle"));
                assertEquals("producer", event.getString("lock"));
                assertTrue(event.getString("holder").contains("unknown identity"), event.getString("holder"));
                assertTrue(event.getDuration("waited").compareTo(Duration.ofMillis(20)) >= 0, event.toString());
            } finally {
                held.kill();
                queue.forceUnlockProducers();
            }
        }
    }

    @Test
    void lockTimeoutOfAStreamReaderNamesIt() throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemoryWriteStream writer = new SharedMemoryWriteStream(names.next("jfrto"), 64, true);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(writer.name(), 64, true)) {
            writer.write("before");
            HeldLocks.Held held = HeldLocks.peerHolding("stream-hold-lock", writer.name(), "64", "--upstream");
            try {
                reader.setLockTimeout(Duration.ofMillis(20));
                RecordedEvent event = only(recorded(LOCK_TIMEOUT, reader.name(),
                        () -> assertThrows(LockTimeoutException.class, reader::readString)));
                assertEquals("stream reader", event.getString("handle"));
                assertEquals("stream", event.getString("lock"));
            } finally {
                held.kill();
                writer.forceUnlock();
            }
        }
    }

    @Test
    void forcedUnlocksNameTheLockAndTheValueReplaced() throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemoryQueue queue = new SharedMemoryQueue(names.next("jfrfu"), 4, 32, true, true);
                SharedMemoryWriteStream writer = new SharedMemoryWriteStream(names.next("jfrfu"), 64, true)) {
            queue.enqueue("m0"); // the peer holds the consumer lock while it takes it
            HeldLocks.peerHolding("queue-hold", queue.name(), "consumer", "--upstream").kill();
            RecordedEvent event = only(recorded(FORCED_UNLOCK, queue.name(), queue::forceUnlockConsumers));
            assertEquals("queue", event.getString("handle"));
            assertEquals("consumer", event.getString("lock"));
            assertTrue(event.getString("replaced").contains("unknown identity (value 1)"), event.getString("replaced"));

            HeldLocks.peerHolding("stream-hold-lock", writer.name(), "64", "--upstream").kill();
            RecordedEvent streamEvent = only(recorded(FORCED_UNLOCK, writer.name(), writer::forceUnlock));
            assertEquals("stream writer", streamEvent.getString("handle"));
            assertEquals("stream", streamEvent.getString("lock"));

            // A free lock is not unlocked by force: nothing to report.
            assertEquals(List.of(), recorded(FORCED_UNLOCK, queue.name(), queue::forceUnlockProducers));
        }
    }

    @Test
    void deadHolderTakenOverIsReportedWithItsTimeAtClose() throws Exception {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("jfrtk");
            AtomicReference<Long> pid = new AtomicReference<>();
            AtomicReference<Instant> before = new AtomicReference<>();
            RecordedEvent event = only(recorded(TAKEN_OVER, name, () -> {
                try (SharedMemoryQueue queue = new SharedMemoryQueue(name, 4, 32, true, true)) {
                    HeldLocks.Held held = HeldLocks.peerHolding("queue-hold", name, "producer", "half");
                    pid.set(held.process().pid());
                    held.kill();
                    before.set(Instant.now().minusMillis(1));
                    assertTrue(queue.enqueue("x")); // takes the dead producer's lock over
                } // close reports it
            }));
            assertEquals("queue", event.getString("handle"));
            assertEquals("producer", event.getString("lock"));
            assertEquals("process " + pid.get(), event.getString("holder"));
            Instant takenOverAt = event.getInstant("takenOverAt");
            assertTrue(!takenOverAt.isBefore(before.get()) && !takenOverAt.isAfter(event.getStartTime().plusMillis(1)),
                    () -> takenOverAt + " not between " + before.get() + " and " + event.getStartTime());
        }
    }

    @Test
    void deadHolderTakenOverIsReportedPeriodicallyWhileTheHandleStaysOpen() throws Exception {
        try (TestSegments names = new TestSegments();
                RecordingStream stream = new RecordingStream()) {
            String name = names.next("jfrtk");
            CountDownLatch seen = new CountDownLatch(1);
            AtomicReference<String> lock = new AtomicReference<>();
            stream.enable(TAKEN_OVER).withPeriod(Duration.ofMillis(100));
            stream.onEvent(TAKEN_OVER, e -> {
                if (name.equals(e.getString("segment"))) {
                    lock.set(e.getString("lock"));
                    seen.countDown();
                }
            });
            stream.startAsync();
            try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 64, true)) {
                HeldLocks.peerHolding("stream-hold-lock", name, "64").kill();
                writer.write("after"); // takes the dead writer's lock over
                assertTrue(seen.await(60, TimeUnit.SECONDS), "no HolderTakenOver event while the stream is open");
                assertEquals("stream", lock.get());
            }
        }
    }

    @Test
    void staleIsReportedOncePerHandle() throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemoryWriteStream first = new SharedMemoryWriteStream(names.next("jfrst"), 64, true)) {
            RecordedEvent event = only(recorded(STALE, first.name(), () -> {
                try (SharedMemoryWriteStream restarted = new SharedMemoryWriteStream(first.name(), 64, true)) {
                    assertTrue(first.isStale());
                    assertTrue(first.isStale());
                }
            }));
            assertEquals("stream writer", event.getString("handle"));
        }
    }

    @Test
    void staleQueueAndSegmentAreReported() throws Exception {
        try (TestSegments names = new TestSegments();
                SharedMemoryQueue queue = new SharedMemoryQueue(names.next("jfrst"), 4, 32, true, true);
                SharedMemory segment = SharedMemory.create(names.next("jfrst"), 64, true)) {
            RecordedEvent event = only(recorded(STALE, queue.name(), () -> {
                SharedMemory.remove(queue.name());
                assertTrue(queue.isStale());
            }));
            assertEquals("queue", event.getString("handle"));
            RecordedEvent removed = only(recorded(STALE, segment.name(), () -> {
                SharedMemory.remove(segment.name());
                assertTrue(segment.isStale());
            }));
            assertEquals("segment", removed.getString("handle"));
        }
    }

    @Test
    void aReaderThatFollowsAReCreatedStreamReportsStaleThenFollowed() throws Exception {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("jfrfw");
            try (SharedMemoryWriteStream first = new SharedMemoryWriteStream(name, 64, true);
                    SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 64, true)) {
                reader.setFollowRecreated(true);
                List<String> both = List.of(STALE, FOLLOWED);
                Path file = Files.createTempFile("lsm-lifecycle", ".jfr");
                try (Recording recording = new Recording()) {
                    both.forEach(recording::enable);
                    recording.start();
                    try (SharedMemoryWriteStream restarted = new SharedMemoryWriteStream(name, 64, true)) {
                        restarted.write("new");
                        assertTrue(reader.awaitNewData(java.time.Duration.ofSeconds(10)));
                    }
                    recording.stop();
                    recording.dump(file);
                    List<RecordedEvent> events = RecordingFile.readAllEvents(file).stream()
                            .filter(e -> name.equals(e.getString("segment"))).collect(Collectors.toList());
                    RecordedEvent followed = only(events.stream()
                            .filter(e -> e.getEventType().getName().equals(FOLLOWED)).collect(Collectors.toList()));
                    assertEquals(1, followed.getLong("followCount"));
                    assertEquals("stream reader", followed.getString("handle"));
                    RecordedEvent stale = only(events.stream()
                            .filter(e -> e.getEventType().getName().equals(STALE)).collect(Collectors.toList()));
                    assertEquals("stream reader", stale.getString("handle"));
                } finally {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    @Test
    void aFollowingReaderWhoseUserAlsoAsksIsStaleReportsOneStaleHandle() throws Exception {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("jfrone");
            try (SharedMemoryWriteStream first = new SharedMemoryWriteStream(name, 64, true);
                    SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 64, true)) {
                reader.setFollowRecreated(true);
                RecordedEvent stale = only(recorded(STALE, name, () -> {
                    try (SharedMemoryWriteStream restarted = new SharedMemoryWriteStream(name, 64, true)) {
                        assertTrue(reader.isStale());
                        restarted.write("new");
                        assertTrue(reader.awaitNewData(java.time.Duration.ofSeconds(10))); // the follower finds it stale too
                        assertEquals(1, reader.followCount());
                    }
                }));
                assertEquals("stream reader", stale.getString("handle"));
            }
        }
    }

    @Test
    void aFollowingConsumerWhoseUserAlsoAsksIsStaleReportsOneStaleHandle() throws Exception {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("jfroneq");
            try (SharedMemoryQueue first = new SharedMemoryQueue(name, 4, 32, true, true);
                    SharedMemoryQueue consumer = new SharedMemoryQueue(name, 4, 32, true, false)) {
                consumer.setFollowRecreated(true);
                RecordedEvent stale = only(recorded(STALE, name, () -> {
                    try (SharedMemoryQueue restarted = new SharedMemoryQueue(name, 4, 32, true, true)) {
                        assertTrue(consumer.isStale());
                        assertTrue(restarted.enqueue("new"));
                        assertEquals("new", consumer.pollString(java.time.Duration.ofSeconds(10))); // follows
                        assertEquals(1, consumer.followCount());
                    }
                }));
                assertEquals("queue", stale.getString("handle"));
            }
        }
    }

    @Test
    void followedCarriesItsCount() throws Exception {
        RecordedEvent event = only(recorded(FOLLOWED, "jfr-followed", () -> LifecycleEvents.followed("jfr-followed", 3)));
        assertEquals(3, event.getLong("followCount"));
        RecordedEvent named = only(recorded(FOLLOWED, "jfr-followed", () -> LifecycleEvents.followed("jfr-followed",
                LifecycleEvents.STREAM_READER, 4)));
        assertEquals("stream reader", named.getString("handle"));
        RecordedEvent stale = only(recorded(STALE, "jfr-followed", () -> LifecycleEvents.stale("jfr-followed")));
        assertEquals(null, stale.getString("handle"));
    }

    @Test
    void eventsNotAskedForAreNotCommitted() throws Exception {
        // A recording that turns them off: their types say disabled, so no event object is even made.
        assertEquals(List.of(), recorded(FOLLOWED, "jfr-off", () -> LifecycleEvents.followed("jfr-off", 1),
                List.of(STALE), List.of(FOLLOWED)));
        assertEquals(List.of(), recorded(STALE, "jfr-off", () -> LifecycleEvents.stale("jfr-off"), List.of(FOLLOWED),
                List.of(STALE)));
    }
}
