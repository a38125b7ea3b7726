package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** openOrCreate of segments, write streams and queues, and the sizeless read stream, in one process. */
class OpenOrCreateTest {
    @Test
    void segmentIsCreatedOnceThenOpenedWithItsContent() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("ooc");
            try (SharedMemory first = SharedMemory.openOrCreate(name, 4096, true);
                    SharedMemory second = SharedMemory.openOrCreate(name, 4096, true, 0600)) {
                assertTrue(first.created());
                assertFalse(second.created());
                first.buffer().putInt(0, 42);
                assertEquals(42, second.buffer().getInt(0));
                assertFalse(first.isStale());
            }
        }
    }

    @Test
    void segmentOfAnotherSizeIsRefusedNamingBothAndKept() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("ooc");
            try (SharedMemory first = SharedMemory.openOrCreate(name, 4096, true)) {
                InvalidSizeException e = assertThrows(InvalidSizeException.class,
                        () -> SharedMemory.openOrCreate(name, 8192, false));
                assertTrue(e.getMessage().contains("4096") && e.getMessage().contains("8192"), e.getMessage());
                assertFalse(first.isStale()); // the refused, non-persistent caller removed nothing
                assertThrows(InvalidSizeException.class, () -> SharedMemory.openOrCreate(name, 0, true));
            }
        }
    }

    @Test
    void createStillReplacesAsUpstream() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("ooc");
            try (SharedMemory first = SharedMemory.openOrCreate(name, 64, true);
                    SharedMemory replacing = SharedMemory.create(name, 64, true)) {
                assertTrue(replacing.created());
                assertTrue(first.isStale());
            }
        }
    }

    @Test
    void writeStreamAttachesWithoutRewritingTheHeader() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("oocs");
            try (SharedMemoryWriteStream first = SharedMemoryWriteStream.openOrCreate(name, 64, true);
                    SharedMemoryReadStream in = SharedMemoryReadStream.open(name, true)) {
                assertTrue(first.created());
                first.write("kept");
                try (SharedMemoryWriteStream second = SharedMemoryWriteStream.openOrCreate(name, 64, true)) {
                    assertFalse(second.created());
                    assertTrue(in.hasNewData());
                    assertEquals("kept", in.readString()); // payload and header as the first writer left them
                    second.write("joined");
                }
                assertEquals("joined", in.readString());
                assertFalse(first.isStale());
                InvalidSizeException e = assertThrows(InvalidSizeException.class,
                        () -> SharedMemoryWriteStream.openOrCreate(name, 128, true));
                assertTrue(e.getMessage().contains("64") && e.getMessage().contains("128"), e.getMessage());
                assertThrows(InvalidSizeException.class, () -> SharedMemoryWriteStream.openOrCreate(name, 20, true));
            }
        }
    }

    @Test
    void constructedWriterReportsCreated() {
        try (TestSegments names = new TestSegments()) {
            try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(names.next("oocs"), 64, true)) {
                assertTrue(out.created());
            }
        }
    }

    @Test
    void sizelessReaderTakesTheSizeFromTheObject() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("oocr");
            try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 1000, true);
                    SharedMemoryReadStream in = SharedMemoryReadStream.open(name, true)) {
                assertEquals(1000, in.bufferSize());
                assertEquals(980, in.maxPayloadSize());
                out.write("x".repeat(980));
                assertEquals(980, in.readString().length());
            }
            assertThrows(SegmentNotFoundException.class, () -> SharedMemoryReadStream.open(names.next("none"), true));
            String tiny = names.next("tiny");
            try (SharedMemory segment = SharedMemory.create(tiny, 20, true)) {
                assertThrows(InvalidSizeException.class, () -> SharedMemoryReadStream.open(tiny, false));
                assertFalse(segment.isStale()); // refused, not removed
            }
        }
    }

    @Test
    void queueIsCreatedOnceAndASecondProducerJoins() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("oocq");
            try (SharedMemoryQueue first = SharedMemoryQueue.openOrCreate(name, 8, 64, true);
                    SharedMemoryQueue second = SharedMemoryQueue.openOrCreate(name, 8, 64, true, 0600)) {
                assertTrue(first.created());
                assertFalse(second.created());
                first.enqueue("a");
                second.enqueue("b");
                assertEquals("a", second.dequeueString());
                assertEquals("b", first.dequeueString());
                assertFalse(first.isStale());
            }
        }
    }

    @Test
    void queueOfAnotherGeometryIsRefusedNamingBoth() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("oocq");
            try (SharedMemoryQueue first = SharedMemoryQueue.openOrCreate(name, 8, 64, true)) {
                InvalidSizeException sameSize = assertThrows(InvalidSizeException.class,
                        () -> SharedMemoryQueue.openOrCreate(name, 16, 32, false)); // 16 x 36 = 8 x 72 bytes
                assertTrue(sameSize.getMessage().contains("capacity 8 and maxMessageSize 64")
                        && sameSize.getMessage().contains("capacity 16 and maxMessageSize 32"), sameSize.getMessage());
                InvalidSizeException otherSize = assertThrows(InvalidSizeException.class,
                        () -> SharedMemoryQueue.openOrCreate(name, 4, 64, false));
                assertTrue(otherSize.getMessage().contains("capacity 8 and maxMessageSize 64"), otherSize.getMessage());
                assertFalse(first.isStale());
                assertThrows(InvalidSizeException.class, () -> SharedMemoryQueue.openOrCreate(name, 0, 64, true));
            }
        }
    }

    @Test
    void queueWhoseCreatorDiedBeforeTheGeometryFailsNamingTheRemedy() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("oocq");
            // What a creator that died after sizing the segment leaves: the right size, all zeros.
            try (SharedMemory half = SharedMemory.create(name, 28 + 4 * (4 + 16), true)) {
                CorruptSegmentException e = assertThrows(CorruptSegmentException.class,
                        () -> SharedMemoryQueue.openOrCreate(name, 4, 16, false));
                assertTrue(e.getMessage().contains("Remove the name"), e.getMessage());
                assertFalse(half.isStale());
            }
        }
    }
}
