package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Arrays take different routes by size: the thread's staging or heap scratch buffer (up to
 * 4 KiB), one foreign downcall straight to the array (JDK 22+, up to 256 KiB), JNI beyond. Every
 * size on both sides of each limit must arrive whole, at any offset, and an allocating read must
 * return exactly the payload even while a writer changes its size.
 */
class StreamArrayPathsTest {
    private static final int[] SIZES = {0, 1, 7, Staging.CAPACITY - 1, Staging.CAPACITY, Staging.CAPACITY + 1,
        65_536, ForeignCalls.MAX_CRITICAL_BYTES, ForeignCalls.MAX_CRITICAL_BYTES + 8, 300_000};
    private static final int LARGEST = 300_000;

    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test
    void bytesOfEverySizeArriveWholeAtAnyOffset() {
        String name = names.next("array-bytes");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 20 + LARGEST, false);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 20 + LARGEST, false)) {
            for (int size : SIZES) {
                byte[] source = pattern(size + 3, size);
                out.write(source, 3, size);
                byte[] expected = Arrays.copyOfRange(source, 3, 3 + size);
                assertArrayEquals(expected, in.readBytes(), "readBytes, " + size + " bytes");

                byte[] backing = new byte[size + 10];
                ByteBuffer into = ByteBuffer.wrap(backing, 2, size + 8).slice().position(5);
                assertEquals(size, in.read(into), "read(heap buffer), " + size + " bytes");
                assertEquals(5 + size, into.position());
                assertArrayEquals(expected, Arrays.copyOfRange(backing, 7, 7 + size));

                if (size > 0) { // one byte short: refused, nothing copied
                    ByteBuffer small = ByteBuffer.wrap(new byte[size - 1]);
                    assertThrows(MessageTooLargeException.class, () -> in.read(small));
                    assertEquals(0, small.position());
                }
            }
        }
    }

    @Test
    void floatsAndDoublesOfEverySizeArriveWhole() {
        String name = names.next("array-numbers");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 20 + LARGEST, false);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 20 + LARGEST, false)) {
            for (int size : SIZES) {
                float[] floats = new float[size / Float.BYTES + 1];
                for (int i = 0; i < floats.length; i++) {
                    floats[i] = i * 0.5f - size;
                }
                out.write(floats, 1, floats.length - 1);
                assertArrayEquals(Arrays.copyOfRange(floats, 1, floats.length), in.readFloatArray(), size + " bytes");

                double[] doubles = new double[size / Double.BYTES + 1];
                for (int i = 0; i < doubles.length; i++) {
                    doubles[i] = i * 0.25 - size;
                }
                out.write(doubles, 1, doubles.length - 1);
                assertArrayEquals(Arrays.copyOfRange(doubles, 1, doubles.length), in.readDoubleArray(), size + " bytes");
            }
        }
    }

    @Test
    void aPayloadThatIsNoWholeNumberOfValuesReadsTheWholeOnes() {
        String name = names.next("array-odd");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 20 + LARGEST, false);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 20 + LARGEST, false)) {
            for (int size : new int[] {3, 11, Staging.CAPACITY + 3, 65_539, 300_000 - 1}) {
                ByteBuffer bytes = ByteBuffer.wrap(pattern(size, size));
                out.write(bytes.duplicate());
                float[] floats = in.readFloatArray();
                assertEquals(size / Float.BYTES, floats.length, size + " bytes as floats");
                double[] doubles = in.readDoubleArray();
                assertEquals(size / Double.BYTES, doubles.length, size + " bytes as doubles");
                for (int i = 0; i < floats.length; i++) {
                    assertEquals(bytes.order(java.nio.ByteOrder.nativeOrder()).getFloat(i * Float.BYTES), floats[i], 0f);
                }
            }
        }
    }

    @Test
    void allocatingReadsReturnExactlyOnePayloadWhileItsSizeChanges() throws Exception {
        int[] sizes = {100, Staging.CAPACITY + 100, 70_000, 290_000, 12};
        String name = names.next("array-resize");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 20 + LARGEST, false);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 20 + LARGEST, false)) {
            byte[][] payloads = new byte[sizes.length][];
            for (int i = 0; i < sizes.length; i++) {
                payloads[i] = new byte[sizes[i]];
                Arrays.fill(payloads[i], (byte) (i + 1));
            }
            out.write(payloads[0]);
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                for (int i = 0; !stop.get(); i = (i + 1) % payloads.length) {
                    out.write(payloads[i]);
                }
            });
            try {
                for (int round = 0; round < 3_000; round++) {
                    byte[] got = in.readBytes();
                    int index = got.length == 0 ? -1 : got[0] - 1;
                    assertTrue(index >= 0 && index < sizes.length && sizes[index] == got.length,
                            "a payload of " + got.length + " bytes starting with " + (got.length == 0 ? "-" : got[0]));
                    assertArrayEquals(payloads[index], got, "torn or mis-sized payload");
                }
            } finally {
                stop.set(true);
                writer.get();
            }
        }
    }

    /**
     * Short strings are encoded into the thread's scratch array, long ones by String.getBytes:
     * both must write exactly the bytes
     * getBytes(UTF_8) gives, unpaired surrogates included ('?'), and readString must give the
     * text back.
     */
    @Test
    void textIsWrittenAsUtf8OnEitherSideOfTheScratchLimit() {
        String name = names.next("array-text");
        String[] pieces = {"a", "\u00e9", "\u20ac", "\ud83d\ude00", "\ud800", "\udc00x", "\u0000"};
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 20 + LARGEST, false);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 20 + LARGEST, false);
                SharedMemoryQueue queue = new SharedMemoryQueue(names.next("queue-text"), 2, 20_000, false, true)) {
            for (int chars : new int[] {0, 1, 16, Staging.MAX_ENCODED_CHARS - 1, Staging.MAX_ENCODED_CHARS,
                Staging.MAX_ENCODED_CHARS + 1, 5_000}) {
                for (String piece : pieces) {
                    StringBuilder builder = new StringBuilder();
                    while (builder.length() < chars) {
                        builder.append(piece.length() <= chars - builder.length() ? piece : "z");
                    }
                    String text = builder.toString();
                    byte[] expected = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    out.write(text);
                    assertArrayEquals(expected, in.readBytes(), chars + " chars of " + piece);
                    assertTrue(queue.enqueue(text));
                    assertArrayEquals(expected, queue.dequeue(), chars + " chars of " + piece + ", queue");
                    if (!piece.startsWith("\ud800") && !piece.startsWith("\udc00")) { // lone surrogates become '?'
                        assertEquals(text, in.readString());
                    }
                }
            }
        }
    }

    /** Random text of every kind of char (surrogates paired and not) arrives as getBytes(UTF_8) encodes it, in a stream and a queue. */
    @Test
    void randomTextIsWrittenAsGetBytesEncodesIt() {
        String name = names.next("random-text");
        char[] kinds = {'a', '\u0000', '\u007f', '\u0080', '\u00ff', '\u07ff', '\u0800', '\u4e2d', '\uffff',
            '\ud800', '\udbff', '\udc00', '\udfff'};
        SeededRandomLoop loop = new SeededRandomLoop("random text", 2_000, 3_000);
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 20 + 3 * (Staging.MAX_ENCODED_CHARS + 1), false);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 20 + 3 * (Staging.MAX_ENCODED_CHARS + 1), false);
                SharedMemoryQueue queue = new SharedMemoryQueue(names.next("random-text-queue"), 2,
                        3 * (Staging.MAX_ENCODED_CHARS + 1), false, true)) {
            while (loop.nextRound()) {
                int length = loop.random.nextInt(8) == 0 ? loop.random.nextInt(Staging.MAX_ENCODED_CHARS + 1)
                        : loop.random.nextInt(80);
                char[] chars = new char[length];
                for (int i = 0; i < length; i++) {
                    chars[i] = loop.random.nextInt(4) == 0 ? kinds[loop.random.nextInt(kinds.length)]
                            : (char) loop.random.nextInt(loop.random.nextBoolean() ? 0x80 : 0x10000);
                }
                String text = new String(chars);
                byte[] expected = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                loop.call("write(" + length + " chars)", thrown -> false, () -> out.write(text));
                byte[] got = in.readBytes();
                if (!Arrays.equals(expected, got)) {
                    loop.fail("wrote " + Arrays.toString(got) + ", getBytes gives " + Arrays.toString(expected)
                            + " for " + text.chars().mapToObj(Integer::toHexString).toList());
                }
                loop.call("enqueue(" + length + " chars)", thrown -> false, () -> queue.enqueue(text));
                if (!Arrays.equals(expected, queue.dequeue())) {
                    loop.fail("queue: not getBytes's bytes for " + text.chars().mapToObj(Integer::toHexString).toList());
                }
            }
        }
        loop.finish();
    }

    /**
     * A string whose UTF-8 may or may not fit the payload area or the max message size (more
     * than a third of it in chars): written whole when it fits, refused naming its UTF-8 size when not.
     */
    @Test
    void textNearThePayloadSizeIsWrittenOrRefusedByItsUtf8Size() {
        String name = names.next("text-fit");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 20 + 100, false);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 20 + 100, false)) {
            String ascii = "x".repeat(100);
            out.write(ascii);
            assertEquals(ascii, in.readString());
            String euros = "\u20ac".repeat(33); // 99 bytes
            out.write(euros);
            assertEquals(euros, in.readString());
            String tooMany = "\u20ac".repeat(34); // 102 bytes
            MessageTooLargeException refused = assertThrows(MessageTooLargeException.class, () -> out.write(tooMany));
            assertEquals(assertThrows(MessageTooLargeException.class, () -> out.write(new byte[102])).getMessage(),
                    refused.getMessage(), "the refusal of its 102 UTF-8 bytes");
            assertEquals(euros, in.readString(), "nothing written");
            assertThrows(MessageTooLargeException.class, () -> out.write("x".repeat(101)));
        }
        try (SharedMemoryQueue queue = new SharedMemoryQueue(names.next("text-fit-queue"), 4, 100, false, true)) {
            String euros = "\u20ac".repeat(33);
            assertTrue(queue.enqueue(euros));
            assertTrue(queue.enqueue("x".repeat(100)));
            MessageTooLargeException refused = assertThrows(MessageTooLargeException.class,
                    () -> queue.enqueue("\u20ac".repeat(34)));
            assertEquals(assertThrows(MessageTooLargeException.class, () -> queue.enqueue(new byte[102])).getMessage(),
                    refused.getMessage(), "the refusal of its 102 UTF-8 bytes");
            assertEquals(euros, queue.dequeueString());
            assertEquals("x".repeat(100), queue.dequeueString());
            assertEquals(0, queue.size(), "nothing else enqueued");
        }
    }

    /** {@code length} bytes, different for each size and offset. */
    private static byte[] pattern(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + seed);
        }
        return bytes;
    }
}
