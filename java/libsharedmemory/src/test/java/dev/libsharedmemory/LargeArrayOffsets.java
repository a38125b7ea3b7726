package dev.libsharedmemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Child JVM of {@link LargeArrayOffsetTest} (started with a 6 GiB heap):
 * {@code LargeArrayOffsets NAME}. Element offsets whose byte offset exceeds 2^31 (float[] and
 * double[] writes), and a float payload above 2 GiB read into a new array: the right elements
 * travel. Prints "ok".
 */
public final class LargeArrayOffsets {
    private LargeArrayOffsets() {}

    public static void main(String[] args) {
        String name = args[0];
        try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 20 + 64, false);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 20 + 64, false)) {
            float[] floats = new float[(1 << 30) + 8]; // 4 GiB
            for (int at : new int[] {1 << 29, 1 << 30}) { // byte offsets 2^31 and 2^32
                float[] expected = new float[8];
                for (int i = 0; i < 8; i++) {
                    expected[i] = at + i;
                    floats[at + i] = expected[i];
                }
                writer.write(floats, at, 8);
                expect(Arrays.equals(expected, reader.readFloatArray()), "float[] from element " + at);
            }
            floats = null;
            double[] doubles = new double[(1 << 28) + 8]; // 2 GiB
            int at = 1 << 28; // byte offset 2^31
            double[] expected = new double[8];
            for (int i = 0; i < 8; i++) {
                expected[i] = -at - i;
                doubles[at + i] = expected[i];
            }
            writer.write(doubles, at, 8);
            expect(Arrays.equals(expected, reader.readDoubleArray()), "double[] from element " + at);
        }
        readsAFloatPayloadAbove2GiB(name + "b");
        System.out.println("ok");
    }

    /** Only a peer can write a payload above 2 GiB: the size field is set here by hand. */
    private static void readsAFloatPayloadAbove2GiB(String name) {
        long payload = (1L << 31) + 2 * Float.BYTES;
        try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 20 + payload, false);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 20 + payload, false);
                SharedMemory segment = SharedMemory.open(name, 20 + payload, false)) {
            ByteBuffer field = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.nativeOrder()).putInt(0, (int) payload);
            segment.write(12, field.array()); // the u32 size field of the header
            ByteBuffer last = ByteBuffer.allocate(Float.BYTES).order(ByteOrder.nativeOrder()).putFloat(0, 42f);
            segment.write(20 + payload - Float.BYTES, last.array());
            float[] values = reader.readFloatArray();
            expect(values.length == payload / Float.BYTES, "length " + values.length + " of a payload of " + payload);
            expect(values[values.length - 1] == 42f, "last value " + values[values.length - 1]);
        }
    }

    private static void expect(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError("wrong elements: " + what);
        }
    }
}
