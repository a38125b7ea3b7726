package dev.libsharedmemory;

import static dev.libsharedmemory.SeededRandomLoop.libraryError;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Property: whatever a hostile or broken peer writes into a stream's or a queue's header and
 * payload (lock words included), every read and write API ends in a result or a
 * {@link SharedMemoryException} — never another exception, never a crash, never an access
 * outside the mapping. Rounds are random from one printed seed ({@code -Dlsm.seed} replays).
 */
class HostileSegmentPropertyTest {
    private static final Duration SHORT_LOCK_TIMEOUT = Duration.ofMillis(1);
    /** Our holder token for a pid beyond any pid_max: a dead holder that gets recovered. */
    private static final int DEAD_TOKEN = 0x8000_0000 | 0x7FFF_FFF0;
    private static final int OWN_TOKEN = 0x8000_0000 | (int) ProcessHandle.current().pid();

    private final TestSegments names = new TestSegments();
    private final List<String> pool = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    private String name(SeededRandomLoop loop) {
        if (pool.size() < 4) {
            pool.add(names.next("hostile"));
        }
        return pool.get(loop.random.nextInt(pool.size()));
    }

    /** 32-bit values that sit on the edges of a field's meaning, or anywhere. */
    private static int adversarial(SeededRandomLoop loop, long... nearby) {
        switch (loop.random.nextInt(8)) {
            case 0:
                return 0;
            case 1:
                return loop.pick(1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 0xFFFF);
            case 2:
                return loop.pick(DEAD_TOKEN, OWN_TOKEN, 1);
            case 3:
            case 4:
                if (nearby.length > 0) {
                    return (int) (loop.pick(nearby) + loop.random.nextInt(-2, 3));
                }
                return loop.random.nextInt();
            default:
                return loop.random.nextInt();
        }
    }

    private static void scribble(SeededRandomLoop loop, ByteBuffer raw, int headerSize, long... nearby) {
        int mutations = 1 + loop.random.nextInt(6);
        for (int m = 0; m < mutations; m++) {
            int what = loop.random.nextInt(10);
            if (what < 6) { // a header field
                raw.putInt(4 * loop.random.nextInt(headerSize / 4), adversarial(loop, nearby));
            } else if (what < 9) { // anywhere, including a slot's length
                int at = loop.random.nextInt(raw.capacity() - 3);
                raw.putInt(at, adversarial(loop, nearby));
            } else { // a byte run
                int at = loop.random.nextInt(raw.capacity());
                int length = Math.min(raw.capacity() - at, 1 + loop.random.nextInt(64));
                for (int i = 0; i < length; i++) {
                    raw.put(at + i, (byte) loop.random.nextInt());
                }
            }
        }
    }

    // ---- streams ----

    @Test
    void streamsSurviveHostileHeadersAndPayloads() {
        SeededRandomLoop loop = new SeededRandomLoop("hostile streams", 2_500, 2_000);
        while (loop.nextRound()) {
            long bufferSize = loop.pick(21L, 24L, 27L, 64L, 100L, 4095L, 4096L, 4097L, 9000L);
            String name = name(loop);
            try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, bufferSize, true);
                    SharedMemoryReadStream reader = new SharedMemoryReadStream(name, bufferSize, true);
                    SharedMemory peer = SharedMemory.open(name, bufferSize, true)) {
                writer.setLockTimeout(SHORT_LOCK_TIMEOUT);
                reader.setLockTimeout(SHORT_LOCK_TIMEOUT);
                if (loop.random.nextBoolean()) {
                    writer.write("b");
                }
                ByteBuffer raw = peer.buffer();
                scribble(loop, raw, StreamHandle.HEADER_SIZE, bufferSize - 20, bufferSize, 0);
                everyStreamCall(loop, writer, reader);
                raw.putInt(16, 0); // the lock word reset: now only the fields stand in the way
                everyStreamCall(loop, writer, reader);
                loop.call("write after reset", t -> false, () -> writer.write("k"));
                loop.call("read after reset", t -> false, () -> {
                    if (!"k".equals(reader.readString())) {
                        loop.fail("a write after the reset did not read back");
                    }
                });
            }
        }
        loop.finish();
        assertTrue(loop.rounds() > 0);
    }

    private static void everyStreamCall(SeededRandomLoop loop, SharedMemoryWriteStream writer,
            SharedMemoryReadStream reader) {
        int payload = (int) Math.min(writer.maxPayloadSize() + 2, loop.random.nextInt(0, 200));
        byte[] bytes = new byte[payload];
        loop.call("write(String)", t -> libraryError(t), () -> writer.write("hostile"));
        loop.call("write(byte[])", t -> libraryError(t), () -> writer.write(bytes));
        loop.call("write(ByteBuffer direct)", t -> libraryError(t), () -> writer.write(ByteBuffer.allocateDirect(payload)));
        loop.call("write(float[])", t -> libraryError(t), () -> writer.write(new float[payload / 4]));
        loop.call("write(double[])", t -> libraryError(t), () -> writer.write(new double[payload / 8]));
        loop.call("isMessageRead", t -> libraryError(t), writer::isMessageRead);
        loop.call("waitForRead", t -> libraryError(t), () -> writer.waitForRead(Duration.ZERO));
        loop.call("writer isStale", t -> libraryError(t), writer::isStale);

        loop.call("readString", t -> libraryError(t), reader::readString);
        loop.call("read", t -> libraryError(t), reader::read);
        loop.call("readBytes", t -> libraryError(t), reader::readBytes);
        loop.call("readFloatArray", t -> libraryError(t), reader::readFloatArray);
        loop.call("readDoubleArray", t -> libraryError(t), reader::readDoubleArray);
        loop.call("read(heap)", t -> libraryError(t), () -> reader.read(ByteBuffer.allocate(loop.random.nextInt(0, 64))));
        loop.call("read(direct)", t -> libraryError(t), () -> reader.read(ByteBuffer.allocateDirect(loop.random.nextInt(0, 64))));
        loop.call("read(direct, whole)", t -> libraryError(t),
                () -> reader.read(ByteBuffer.allocateDirect((int) reader.maxPayloadSize())));
        loop.call("readFlags", t -> libraryError(t), reader::readFlags);
        loop.call("readDataType", t -> libraryError(t), reader::readDataType);
        loop.call("readSize", t -> libraryError(t), reader::readSize);
        loop.call("readLength", t -> libraryError(t), reader::readLength);
        loop.call("hasNewData", t -> libraryError(t), reader::hasNewData);
        loop.call("awaitNewData", t -> libraryError(t), () -> reader.awaitNewData(Duration.ZERO));
        loop.call("markAsRead", t -> libraryError(t), reader::markAsRead);
        loop.call("reader isStale", t -> libraryError(t), reader::isStale);
        loop.call("toString", t -> libraryError(t), reader::toString);
    }

    // ---- queues ----

    @Test
    void queuesSurviveHostileHeadersAndSlots() {
        SeededRandomLoop loop = new SeededRandomLoop("hostile queues", 2_500, 2_000);
        while (loop.nextRound()) {
            int capacity = loop.pick(1, 2, 3, 7, 16);
            int maxMessageSize = loop.pick(1, 3, 7, 64, 1000);
            long size = 28L + (long) capacity * (4 + maxMessageSize);
            String name = name(loop);
            try (SharedMemoryQueue creator = SharedMemoryQueue.create(name, capacity, maxMessageSize, true, 0600);
                    SharedMemory peer = SharedMemory.open(name, size, true)) {
                creator.setLockTimeout(SHORT_LOCK_TIMEOUT);
                for (int i = loop.random.nextInt(capacity + 1); i > 0; i--) {
                    creator.enqueue(new byte[loop.random.nextInt(maxMessageSize + 1)]);
                }
                ByteBuffer raw = peer.buffer();
                scribble(loop, raw, 28, capacity, maxMessageSize, size, 0);
                everyQueueCall(loop, creator);
                loop.call("open after scribbling", t -> libraryError(t), () -> {
                    try (SharedMemoryQueue opened = SharedMemoryQueue.open(name, true)) {
                        everyQueueCall(loop, opened);
                    }
                });
                loop.call("open with geometry", t -> libraryError(t), () -> {
                    try (SharedMemoryQueue opened = new SharedMemoryQueue(name, capacity, maxMessageSize, true, false)) {
                        everyQueueCall(loop, opened);
                    }
                });
                raw.putInt(20, 0); // both lock words reset: only the fields stand in the way
                raw.putInt(24, 0);
                everyQueueCall(loop, creator);
            }
        }
        loop.finish();
        assertTrue(loop.rounds() > 0);
    }

    private static void everyQueueCall(SeededRandomLoop loop, SharedMemoryQueue queue) {
        queue.setLockTimeout(SHORT_LOCK_TIMEOUT);
        int length = loop.random.nextInt(0, queue.maxMessageSize() + 1);
        byte[] message = new byte[length];
        loop.call("enqueue(byte[])", t -> libraryError(t), () -> queue.enqueue(message));
        loop.call("enqueue(String)", t -> libraryError(t), () -> queue.enqueue("x"));
        loop.call("enqueue(direct)", t -> libraryError(t), () -> queue.enqueue(ByteBuffer.allocateDirect(length)));
        loop.call("enqueue(read-only heap)", t -> libraryError(t),
                () -> queue.enqueue(ByteBuffer.wrap(message).asReadOnlyBuffer()));
        loop.call("offer", t -> libraryError(t), () -> queue.offer(message, Duration.ZERO));
        loop.call("size", t -> libraryError(t), queue::size);
        loop.call("isEmpty", t -> libraryError(t), queue::isEmpty);
        loop.call("isFull", t -> libraryError(t), queue::isFull);
        loop.call("peek", t -> libraryError(t), queue::peek);
        loop.call("peekString", t -> libraryError(t), queue::peekString);
        loop.call("peek(heap)", t -> libraryError(t), () -> queue.peek(ByteBuffer.allocate(loop.random.nextInt(0, 16))));
        loop.call("peek(direct)", t -> libraryError(t), () -> queue.peek(ByteBuffer.allocateDirect(queue.maxMessageSize())));
        loop.call("dequeue", t -> libraryError(t), queue::dequeue);
        loop.call("dequeueString", t -> libraryError(t), queue::dequeueString);
        loop.call("dequeue(heap)", t -> libraryError(t), () -> queue.dequeue(ByteBuffer.allocate(queue.maxMessageSize())));
        loop.call("dequeue(direct)", t -> libraryError(t), () -> queue.dequeue(ByteBuffer.allocateDirect(loop.random.nextInt(0, 16))));
        loop.call("poll", t -> libraryError(t), () -> queue.poll(Duration.ZERO));
        loop.call("poll(heap)", t -> libraryError(t), () -> queue.poll(ByteBuffer.allocate(queue.maxMessageSize()), Duration.ZERO));
        loop.call("isStale", t -> libraryError(t), queue::isStale);
    }

    // ---- a peer that scribbles while we work ----

    /**
     * A thread rewrites header and payload bytes without taking any lock, while this thread calls
     * every API: each field is read once and checked, so no interleaving reaches outside the
     * mapping. (Not replayable from the seed: the interleaving is the scheduler's.)
     */
    @Test
    void peerScribblingDuringCallsNeverEscapesTheMapping() throws Exception {
        SeededRandomLoop loop = new SeededRandomLoop("scribbling peer", 1_500, 1_000_000);
        String stream = names.next("scrib");
        String queueName = names.next("scribq");
        try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(stream, 256, true);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(stream, 256, true);
                SharedMemoryQueue queue = SharedMemoryQueue.create(queueName, 4, 32, true, 0600);
                SharedMemory streamPeer = SharedMemory.open(stream, 256, true);
                SharedMemory queuePeer = SharedMemory.open(queueName, 28 + 4 * 36, true)) {
            writer.setLockTimeout(SHORT_LOCK_TIMEOUT);
            reader.setLockTimeout(SHORT_LOCK_TIMEOUT);
            AtomicBoolean stop = new AtomicBoolean();
            Thread scribbler = new Thread(() -> {
                SeededRandomLoop peerLoop = new SeededRandomLoop("scribbler", 60_000, Integer.MAX_VALUE);
                ByteBuffer a = streamPeer.buffer();
                ByteBuffer b = queuePeer.buffer();
                while (!stop.get()) {
                    scribble(peerLoop, a, 20, 236, 256);
                    a.putInt(16, 0);
                    scribble(peerLoop, b, 28, 4, 32);
                    b.putInt(20, 0);
                    b.putInt(24, 0);
                }
            });
            scribbler.setDaemon(true);
            scribbler.start();
            try {
                while (loop.nextRound()) {
                    everyStreamCall(loop, writer, reader);
                    everyQueueCall(loop, queue);
                }
            } finally {
                stop.set(true);
                scribbler.join(10_000);
            }
        }
        loop.finish();
    }
}
