package dev.libsharedmemory.tools.lsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and almost-valid headers through every decoder, in process: the only exception
 * allowed is lsm's own "wrong kind" report, and nothing reads outside the bytes.
 */
class DecodingFuzzTest {

    @Test
    void randomAndAlmostValidHeadersNeverEscapeTheBuffer() {
        Random random = new Random(8);
        for (int round = 0; round < 20_000; round++) {
            int size = 1 + random.nextInt(300);
            ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
            random.nextBytes(buffer.array());
            switch (round % 4) {
                case 1 -> almostQueue(buffer, random);
                case 2 -> almostStream(buffer, random);
                default -> { }
            }
            SegmentBytes bytes = new SegmentBytes("fuzz", buffer, size);
            decodeEverything(bytes);
        }
    }

    @Test
    void aValidQueueIsRecognisedAndDecoded() {
        ByteBuffer buffer = ByteBuffer.allocate(28 + 3 * (4 + 5)).order(ByteOrder.nativeOrder());
        buffer.putInt(0, 1).putInt(4, 0).putInt(8, 3).putInt(12, 1).putInt(16, 5).putInt(28, 2).put(32, (byte) 'h').put(33, (byte) 'i');
        SegmentBytes bytes = new SegmentBytes("q", buffer, buffer.capacity());
        Probe probe = Probe.of(bytes);
        assertEquals(Kind.QUEUE, probe.kind());
        assertEquals("hi", new String(probe.queue().messages(bytes, 10, 10).get(0).bytes()));
        assertTrue(probe.queue().notes().isEmpty(), probe.queue().notes()::toString);
    }

    /** Sizes the buffer's fields so that the queue size equation holds, with random other fields. */
    private static void almostQueue(ByteBuffer buffer, Random random) {
        int size = buffer.capacity();
        if (size < 33) {
            return;
        }
        int capacity = 1 + random.nextInt(4);
        int max = (size - 28) / capacity - 4;
        if (max < 1) {
            return;
        }
        buffer.putInt(8, capacity).putInt(16, random.nextInt(8) == 0 ? random.nextInt() : max);
        buffer.putInt(0, random.nextInt(capacity + 1)).putInt(4, random.nextInt(capacity + 1))
                .putInt(12, random.nextInt(capacity + 2));
        for (int slot = 0; slot < capacity; slot++) {
            long offset = 28L + (long) slot * (4 + max);
            if (offset + 4 <= size) {
                buffer.putInt((int) offset, random.nextBoolean() ? random.nextInt(max + 1) : random.nextInt());
            }
        }
    }

    private static void almostStream(ByteBuffer buffer, Random random) {
        if (buffer.capacity() < 20) {
            return;
        }
        int[] flags = {0, 2, 3, 4, 5, 8, 9, 16};
        buffer.put(0, (byte) flags[random.nextInt(flags.length)]);
        buffer.putInt(12, random.nextBoolean() ? random.nextInt(buffer.capacity()) : random.nextInt());
    }

    private static void decodeEverything(SegmentBytes bytes) {
        Probe probe = Probe.of(bytes);
        if (probe.stream() != null) {
            StreamHeader stream = probe.stream();
            byte[] payload = stream.payload(bytes, 64);
            stream.numbers(payload);
            Json.write(stream.toJson());
            stream.summary();
            Preview.hexDump(payload, 20);
            Preview.quoted(payload);
        }
        if (probe.queue() != null) {
            QueueHeader queue = probe.queue();
            for (QueueHeader.Message message : queue.messages(bytes, 16, 64)) {
                Json.write(message.toJson());
            }
            Json.write(queue.toJson());
            queue.summary();
        }
        try {
            Probe.requireStream(bytes);
        } catch (LsmException e) {
            assertEquals(ExitCode.WRONG_KIND, e.exitCode());
        }
        try {
            QueueHeader queue = Probe.requireQueue(bytes);
            queue.messages(bytes, 16, 64);
        } catch (LsmException e) {
            assertEquals(ExitCode.WRONG_KIND, e.exitCode());
        }
    }
}
