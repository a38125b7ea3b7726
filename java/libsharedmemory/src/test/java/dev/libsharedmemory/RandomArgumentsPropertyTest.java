package dev.libsharedmemory;

import static dev.libsharedmemory.SeededRandomLoop.argumentError;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Property: random arguments — null, negative or huge offsets and lengths, read-only buffers,
 * odd sizes and names — give the idiomatic Java exceptions (NullPointerException,
 * IndexOutOfBoundsException, IllegalArgumentException, ReadOnlyBufferException) or the
 * library's own; never a crash and never anything else. Seeded ({@code -Dlsm.seed} replays).
 */
class RandomArgumentsPropertyTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    private static int index(SeededRandomLoop loop, int length) {
        return loop.pick(-1, 0, 1, length - 1, length, length + 1, Integer.MIN_VALUE, Integer.MAX_VALUE,
                loop.random.nextInt(), loop.random.nextInt(-2, length + 3));
    }

    private static ByteBuffer buffer(SeededRandomLoop loop) {
        int capacity = loop.pick(0, 1, 7, 64, 300);
        ByteBuffer buffer = loop.random.nextBoolean() ? ByteBuffer.allocate(capacity) : ByteBuffer.allocateDirect(capacity);
        if (capacity > 0) {
            buffer.position(loop.random.nextInt(capacity + 1));
        }
        switch (loop.random.nextInt(4)) {
            case 0:
                return null;
            case 1:
                return buffer.asReadOnlyBuffer();
            case 2:
                return buffer.slice();
            default:
                return buffer;
        }
    }

    /** A lock timeout: null, negative, zero or practically forever. */
    private static Duration duration(SeededRandomLoop loop) {
        return loop.random.nextInt(5) == 2 ? Duration.ofSeconds(Long.MAX_VALUE) : waitTime(loop);
    }

    /** How long to wait for room or a message: null, negative or zero (never forever: nothing comes). */
    private static Duration waitTime(SeededRandomLoop loop) {
        switch (loop.random.nextInt(4)) {
            case 0:
                return null;
            case 1:
                return Duration.ofNanos(-1);
            default:
                return Duration.ZERO;
        }
    }

    @Test
    void streamsAndQueuesTakeAnyArguments() throws Exception {
        SeededRandomLoop loop = new SeededRandomLoop("random arguments", 2_000, 5_000);
        String stream = names.next("args");
        String queueName = names.next("argsq");
        try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(stream, 100, true);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(stream, 100, true);
                SharedMemoryQueue queue = SharedMemoryQueue.create(queueName, 4, 48, true, 0600)) {
            while (loop.nextRound()) {
                byte[] bytes = loop.random.nextInt(6) == 0 ? null : new byte[loop.pick(0, 1, 50, 80, 81, 200)];
                float[] floats = loop.random.nextInt(6) == 0 ? null : new float[loop.pick(0, 1, 20, 21, 100)];
                double[] doubles = loop.random.nextInt(6) == 0 ? null : new double[loop.pick(0, 1, 10, 11, 100)];
                int n = bytes == null ? 0 : bytes.length;
                int offset = index(loop, n);
                int length = index(loop, n);
                switch (loop.random.nextInt(26)) {
                    case 0 -> loop.call("write(byte[], off, len)", t -> argumentError(t), () -> writer.write(bytes, offset, length));
                    case 1 -> loop.call("write(byte[])", t -> argumentError(t), () -> writer.write(bytes));
                    case 2 -> loop.call("write(float[], off, len)", t -> argumentError(t),
                            () -> writer.write(floats, index(loop, floats == null ? 0 : floats.length),
                                    index(loop, floats == null ? 0 : floats.length)));
                    case 3 -> loop.call("write(double[], off, len)", t -> argumentError(t),
                            () -> writer.write(doubles, index(loop, doubles == null ? 0 : doubles.length),
                                    index(loop, doubles == null ? 0 : doubles.length)));
                    case 4 -> loop.call("write(ByteBuffer)", t -> argumentError(t), () -> writer.write(buffer(loop)));
                    case 5 -> loop.call("write(String)", t -> argumentError(t),
                            () -> writer.write(loop.random.nextBoolean() ? null : "é".repeat(loop.pick(0, 40, 41))));
                    case 6 -> loop.call("read(ByteBuffer)", t -> argumentError(t), () -> reader.read(buffer(loop)));
                    case 7 -> loop.call("readLength(type)", t -> argumentError(t),
                            () -> reader.readLength(loop.random.nextBoolean() ? null : StreamDataType.UNKNOWN));
                    case 8 -> loop.call("stream setLockTimeout", t -> argumentError(t),
                            () -> (loop.random.nextBoolean() ? (Runnable) () -> writer.setLockTimeout(duration(loop))
                                    : (Runnable) () -> reader.setLockTimeout(duration(loop))).run());
                    case 9 -> loop.call("awaitNewData / waitForRead", t -> argumentError(t), () -> {
                        reader.awaitNewData(waitTime(loop));
                        writer.waitForRead(waitTime(loop));
                    });
                    case 10 -> loop.call("enqueue(byte[], off, len)", t -> argumentError(t), () -> queue.enqueue(bytes, offset, length));
                    case 11 -> loop.call("enqueue(byte[])", t -> argumentError(t), () -> queue.enqueue(bytes));
                    case 12 -> loop.call("enqueue(ByteBuffer)", t -> argumentError(t), () -> queue.enqueue(buffer(loop)));
                    case 13 -> loop.call("dequeue(ByteBuffer)", t -> argumentError(t), () -> queue.dequeue(buffer(loop)));
                    case 14 -> loop.call("peek(ByteBuffer)", t -> argumentError(t), () -> queue.peek(buffer(loop)));
                    case 15 -> loop.call("offer", t -> argumentError(t), () -> queue.offer(bytes, waitTime(loop)));
                    case 16 -> loop.call("poll(ByteBuffer, Duration)", t -> argumentError(t), () -> queue.poll(buffer(loop), waitTime(loop)));
                    case 17 -> loop.call("queue setLockTimeout", t -> argumentError(t), () -> queue.setLockTimeout(duration(loop)));
                    case 18 -> loop.call("enqueue(String)", t -> argumentError(t),
                            () -> queue.enqueue(loop.random.nextBoolean() ? null : "ü".repeat(loop.pick(0, 24, 25))));
                    case 19 -> loop.call("dequeue", t -> argumentError(t), () -> {
                        queue.dequeue();
                        queue.peekString();
                    });
                    case 20 -> loop.call("new SharedMemoryWriteStream(odd size)", t -> argumentError(t), () -> {
                        try (SharedMemoryWriteStream other = new SharedMemoryWriteStream(names.next("argw"),
                                loop.pick(Long.MIN_VALUE, -1L, 0L, 20L, 1L << 50, Long.MAX_VALUE), true)) {
                            // (1 << 50 is far beyond any /dev/shm: refused before anything is reserved)
                            loop.fail("a write stream of an impossible size was created: " + other);
                        }
                    });
                    case 21 -> loop.call("new SharedMemoryReadStream(odd size)", t -> argumentError(t), () -> {
                        try (SharedMemoryReadStream other = new SharedMemoryReadStream(stream,
                                loop.pick(-5L, 0L, 20L, 21L, 100L, 4096L, 1L << 40, Long.MAX_VALUE), true)) {
                            other.readBytes();
                        }
                    });
                    case 22 -> loop.call("new SharedMemoryQueue(odd geometry)", t -> argumentError(t), () -> {
                        String name = names.next("argq");
                        // Either invalid, tiny, or far beyond any /dev/shm (refused before a byte is
                        // reserved). Never a size that fits: creating reserves it for real.
                        int[][] geometries = {{Integer.MIN_VALUE, 1}, {-1, 8}, {0, 8}, {8, 0}, {8, -1},
                            {1, Integer.MIN_VALUE}, {1, 1}, {3, 7}, {Integer.MAX_VALUE, Integer.MAX_VALUE}};
                        int[] geometry = geometries[loop.random.nextInt(geometries.length)];
                        try (SharedMemoryQueue other = SharedMemoryQueue.create(name, geometry[0], geometry[1], true, 0600)) {
                            other.enqueue("x");
                        }
                    });
                    case 23 -> loop.call("odd names", t -> argumentError(t), () -> {
                        String name = loop.random.nextBoolean() ? null
                                : new String[] {"", "/", "../etc/passwd", "a/b", "x".repeat(300), "nul\0byte", "."}
                                        [loop.random.nextInt(7)];
                        try (SharedMemoryQueue other = new SharedMemoryQueue(name, 1, 1, false, true)) {
                            loop.fail("a queue with the name '" + name + "' was created: " + other);
                        }
                    });
                    case 24 -> loop.call("open missing", t -> argumentError(t), () -> {
                        try (SharedMemoryQueue other = SharedMemoryQueue.open(names.next("missing"), true)) {
                            loop.fail("a missing queue opened: " + other);
                        }
                    });
                    default -> loop.call("read all", t -> argumentError(t), () -> {
                        reader.readBytes();
                        reader.readFloatArray();
                        reader.readDoubleArray();
                    });
                }
            }
        }
        loop.finish();
        assertTrue(loop.rounds() > 0);
    }
}
