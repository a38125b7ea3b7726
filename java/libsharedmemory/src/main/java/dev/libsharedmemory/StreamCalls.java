package dev.libsharedmemory;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * The stream data calls by route: a critical foreign downcall when {@link ForeignCalls} is bound
 * and the try succeeds, JNI otherwise (through this thread's staging buffer when small, the array
 * itself when large), and JNI for every error, so exceptions are always JNI's. Owns the retry and
 * resize loops; the public stream classes validate arguments and move buffer positions. Every
 * (array, offset, length) and (buffer, position, length) is checked here as it is passed on (a
 * buffer another thread changes may hand anything down).
 */
final class StreamCalls {
    /** The longest Java array the JVMs allocate without OutOfMemoryError "Requested array size exceeds VM limit". */
    private static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private StreamCalls() {}

    // ---- writes ----

    /**
     * Writes {@code byteLength} bytes of a byte[], float[] or double[] (as {@code type} says) from
     * byte {@code byteOffset} (a long: a float[] or double[] spans more than 2 GiB).
     */
    static void write(long writer, int type, Object array, long byteOffset, int byteLength) {
        if (ForeignCalls.ENABLED && byteLength <= ForeignCalls.MAX_CRITICAL_BYTES) {
            // The array itself goes to the C call, one copy; JNI if the try fails.
            if (!ForeignCalls.streamTryWrite(writer, type, array, byteOffset, byteLength)) {
                StreamNative.writeArray(writer, type, array, byteOffset, byteLength);
            }
        } else if (byteLength <= Staging.CAPACITY) {
            writeStaged(writer, type, array, byteOffset, byteLength);
        } else {
            StreamNative.writeArray(writer, type, array, byteOffset, byteLength);
        }
    }

    /** JNI, a small payload: copied into this thread's staging buffer, which the native side writes. */
    private static void writeStaged(long writer, int type, Object array, long byteOffset, int byteLength) {
        Staging staging = Staging.current();
        if (type == StreamNative.TYPE_FLOAT) {
            staging.floats.put(0, (float[]) array, (int) (byteOffset / Float.BYTES), byteLength / Float.BYTES);
        } else if (type == StreamNative.TYPE_DOUBLE) {
            staging.doubles.put(0, (double[]) array, (int) (byteOffset / Double.BYTES), byteLength / Double.BYTES);
        } else {
            staging.bytes.put(0, (byte[]) array, (int) byteOffset, byteLength);
        }
        StreamNative.writeAddress(writer, type, staging.native_.address, staging.native_.capacity, 0, byteLength);
    }

    /** Writes a direct buffer's [position, position + length). */
    static void write(long writer, int type, DirectAddress direct, int position, int length) {
        if (direct.scope != null) {
            ScopedBufferCalls.streamWrite(writer, type, direct, position, length);
            return;
        }
        write(writer, type, direct.address, direct.capacity, position, length);
    }

    /** Writes native memory [position, position + length) of {@code capacity} bytes at {@code address}. */
    static void write(long writer, int type, long address, long capacity, int position, int length) {
        if (ForeignCalls.ENABLED && length <= ForeignCalls.MAX_CRITICAL_BYTES) {
            Objects.checkFromIndexSize(position, length, capacity);
            if (ForeignCalls.streamTryWrite(writer, type, address + position, length)) {
                return;
            }
        }
        StreamNative.writeAddress(writer, type, address, capacity, position, length);
    }

    // ---- sleeping waits ----

    /**
     * One sleep of at most {@code nanos} until the reader has new data. Always JNI, never a
     * critical downcall: a thread sleeping in one would hold off every safepoint of the JVM.
     */
    static void sleepForNewData(long reader, long nanos, long unwokenNanos) {
        StreamNative.sleepForNewData(reader, nanos, unwokenNanos);
    }

    /** One sleep of at most {@code nanos} until a reader acknowledged the writer's latest write; JNI. */
    static void sleepForRead(long writer, long nanos, long unwokenNanos) {
        StreamNative.sleepForRead(writer, nanos, unwokenNanos);
    }

    // ---- reads into the caller's memory ----

    /**
     * The payload into a direct buffer's [position, position + room): its size. Larger than
     * {@code limit} (negative: none): MessageTooLargeException; within it but larger than the room:
     * {@link CallResult#tooSmall}(size), nothing copied.
     */
    static long read(long reader, DirectAddress direct, int position, int room, int limit) {
        return direct.scope != null ? ScopedBufferCalls.streamRead(reader, direct, position, room, limit)
                : read(reader, direct.address, direct.capacity, position, room, limit);
    }

    /** As {@link #read(long, DirectAddress, int, int, int)} into native memory of {@code capacity} bytes. */
    static long read(long reader, long address, long capacity, int position, int room, int limit) {
        if (ForeignCalls.ENABLED) {
            Objects.checkFromIndexSize(position, room, capacity);
            long size = ForeignCalls.streamTryRead(reader, address + position, limit >= 0 ? Math.min(room, limit) : room);
            if (size >= 0) {
                return size;
            }
        }
        return StreamNative.readAddress(reader, address, capacity, position, room, limit);
    }

    /**
     * The payload into {@code array[offset, offset + room)}: its size. Larger than the room:
     * {@link MessageTooLargeException}, nothing copied.
     */
    static int read(long reader, byte[] array, int offset, int room) {
        Objects.checkFromIndexSize(offset, room, array.length);
        if (ForeignCalls.ENABLED) {
            long size = ForeignCalls.streamTryRead(reader, array, offset, Math.min(room, ForeignCalls.MAX_CRITICAL_BYTES));
            if (size >= 0) {
                return (int) size;
            }
        } else if (room <= Staging.CAPACITY) {
            Staging staging = Staging.current();
            long size = StreamNative.readAddress(reader, staging.native_.address, staging.native_.capacity, 0,
                    room, room);
            staging.bytes.get(0, array, offset, (int) size);
            return (int) size;
        }
        return (int) StreamNative.readArray(reader, array, Byte.BYTES, offset, room, room);
    }

    // ---- reads into new arrays ----

    /** The payload decoded as UTF-8. {@code name}: the stream's, for messages. */
    static String readString(long reader, String name) {
        Staging staging = Staging.current();
        long size = readIntoScratch(reader, staging);
        return size >= 0 ? new String(staging.heapBytes(), 0, (int) size, StandardCharsets.UTF_8) // one copy fewer
                : new String((byte[]) readNewArray(reader, name, Byte.BYTES, knownSize(size)), StandardCharsets.UTF_8);
    }

    /** A copy of the payload bytes. */
    static byte[] readBytes(long reader, String name) {
        Staging staging = Staging.current();
        long size = readIntoScratch(reader, staging);
        return size >= 0 ? Arrays.copyOf(staging.heapBytes(), (int) size)
                : (byte[]) readNewArray(reader, name, Byte.BYTES, knownSize(size));
    }

    /** The payload as float32 values ({@code size / 4} of them). */
    static float[] readFloats(long reader, String name) {
        return (float[]) readValues(reader, name, Float.BYTES);
    }

    /** The payload as float64 values ({@code size / 8} of them). */
    static double[] readDoubles(long reader, String name) {
        return (double[]) readValues(reader, name, Double.BYTES);
    }

    /** The payload as a float[] ({@code element} 4) or a double[] (8) of {@code size / element} values. */
    private static Object readValues(long reader, String name, int element) {
        Staging staging = Staging.current();
        boolean floats = element == Float.BYTES;
        if (ForeignCalls.ENABLED) { // straight into this thread's heap scratch array
            Object scratch = floats ? staging.heapFloats() : staging.heapDoubles();
            long size = floats ? ForeignCalls.streamTryRead(reader, (float[]) scratch)
                    : ForeignCalls.streamTryRead(reader, (double[]) scratch);
            if (size < 0) {
                return readNewArray(reader, name, element, knownSize(size)); // larger, or its size not known
            }
            Object values = newArray(element, size / element);
            System.arraycopy(scratch, 0, values, 0, (int) size / element);
            return values;
        }
        long size = readStaged(reader, staging); // JNI: through the direct staging buffer
        if (size < 0) {
            return readNewArray(reader, name, element, knownSize(size));
        }
        Object values = newArray(element, size / element);
        if (floats) {
            staging.floats.get(0, (float[]) values);
        } else {
            staging.doubles.get(0, (double[]) values);
        }
        return values;
    }

    /**
     * Small payloads into this thread's heap scratch array {@code staging.heapBytes()}: the size;
     * larger ones are not copied: {@link CallResult#tooSmall}(size), or another negative answer
     * when the size is not known.
     */
    private static long readIntoScratch(long reader, Staging staging) {
        byte[] scratch = staging.heapBytes();
        if (ForeignCalls.ENABLED) { // straight into the array
            return ForeignCalls.streamTryRead(reader, scratch, 0, scratch.length);
        }
        long size = readStaged(reader, staging); // JNI: through the direct staging buffer
        if (size >= 0) {
            staging.bytes.get(0, scratch, 0, (int) size);
        }
        return size;
    }

    /** JNI: the payload into the staging buffer: its size, or {@link CallResult#tooSmall}(size) when it does not fit. */
    private static long readStaged(long reader, Staging staging) {
        return StreamNative.readAddress(reader, staging.native_.address, staging.native_.capacity, 0,
                Staging.CAPACITY, -1);
    }

    /** The payload size a negative read answer tells, or -1 when it tells none. */
    private static long knownSize(long answer) {
        return CallResult.isTooSmall(answer) ? CallResult.neededSize(answer) : -1;
    }

    /** A new byte[], float[] or double[] ({@code element} bytes each) of {@code count} (at most MAX_ARRAY_LENGTH). */
    private static Object newArray(int element, long count) {
        return element == Byte.BYTES ? new byte[(int) count]
                : element == Float.BYTES ? new float[(int) count] : new double[(int) count];
    }

    /**
     * A new byte[], float[] or double[] ({@code element} bytes each) holding the payload: sized
     * from the payload's current size, read into directly (one copy), and sized again if a
     * writer changed the payload in between. {@code size}: the payload size if known, else -1.
     */
    private static Object readNewArray(long reader, String name, int element, long size) {
        if (size < 0) {
            size = StreamNative.payloadSize(reader);
        }
        while (true) {
            long count = size / element;
            if (count > MAX_ARRAY_LENGTH) {
                throw new MessageTooLargeException("stream '" + name + "': payload of " + size
                        + " bytes is too large for a Java array");
            }
            Object array = newArray(element, count);
            long room = count * element; // in long: a float[] or double[] may hold more than 2 GiB
            long read = -1;
            if (ForeignCalls.ENABLED && room <= ForeignCalls.MAX_CRITICAL_BYTES) {
                read = element == Byte.BYTES ? ForeignCalls.streamTryRead(reader, (byte[]) array, 0, (int) room)
                        : element == Float.BYTES ? ForeignCalls.streamTryRead(reader, (float[]) array)
                        : ForeignCalls.streamTryRead(reader, (double[]) array);
                if (CallResult.isTooSmall(read)) {
                    long now = CallResult.neededSize(read);
                    if (now / element != count) { // grew since it was sized
                        size = now;
                        continue;
                    }
                    read = -1; // the same whole elements plus a partial one: JNI copies the whole ones
                }
            }
            if (read < 0) {
                read = StreamNative.readArray(reader, array, element, 0, room, -1);
            }
            if (read < 0) { // grew since it was sized
                size = CallResult.neededSize(read);
                continue;
            }
            int got = (int) (read / element);
            if (got == count) {
                return array;
            }
            return element == Byte.BYTES ? Arrays.copyOf((byte[]) array, got) // shrank since it was sized
                    : element == Float.BYTES ? Arrays.copyOf((float[]) array, got)
                    : Arrays.copyOf((double[]) array, got);
        }
    }
}
