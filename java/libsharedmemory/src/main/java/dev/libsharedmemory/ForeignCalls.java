package dev.libsharedmemory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.util.Objects;

/**
 * The hot data calls as foreign-function downcalls (java.lang.foreign, JDK 22+) to the C ABI,
 * instead of JNI: a "critical" downcall skips the thread-state transition that makes a JNI
 * call cost about 10 ns, so a small write or read costs little more than the native work.
 *
 * <p>Each call here is a <em>try</em>: lsm_*_try_* (lsm_c.h) wait at most ~50 us for a lock
 * and report any failure (closed, full lock timeout, payload too large, corrupt segment) as a
 * return value, never by waiting. On failure the caller repeats the operation through JNI,
 * which waits as long as the lock timeout says and throws the same exceptions as always; a
 * failed try changed nothing. That keeps critical downcalls short, as they must be: the JVM
 * cannot reach a safepoint (e.g. for GC) while one runs. Payloads above
 * {@link #MAX_CRITICAL_BYTES} go through JNI for the same reason.
 *
 * <p>Nor may a loop of them hold off safepoints: a critical downcall does not poll for one
 * when it returns, yet the JIT drops the poll of a loop around it, so a thread spinning on a
 * full queue would stop the whole JVM at its next GC. The native side therefore answers every
 * 64th call on a thread with "take JNI" (jni/jni/jni_foreign.cpp), and the JNI call polls
 * ({@code SafepointReachTest}).
 *
 * <p>Used when the JDK has java.lang.foreign (22+), this module may use native access
 * ({@code --enable-native-access=ALL-UNNAMED}, or the module's name: so no new warning is ever
 * printed), and {@code -Dlibsharedmemory.ffm=false} is not set. The library is compiled for
 * Java 17, so the API is reached by reflection once, at class initialization; afterwards each
 * call is a plain {@code MethodHandle.invokeExact} on a constant, which the JIT inlines.
 * Handles are the pointers JNI created (the same structs as lsm_c.h's), passed as 64-bit
 * integers: every supported platform is 64-bit.
 *
 * <p>Java arrays go to the same C functions as heap segments ({@code Linker.Option.critical(true)}
 * lets a critical downcall see the array in place): one copy between the array and the segment,
 * with neither a staging buffer nor JNI's pinning. The adapters below take (array, byte offset)
 * and make the segment slice themselves; the JIT removes those short-lived segment objects.
 * The native side trusts the length it is given, so each method below checks (array, offset,
 * length) against the array itself, as passed: a caller whose buffer another thread changes
 * may hand anything down (the facades' own checks are not enough for that).
 */
final class ForeignCalls {
    /** System property: {@code false} keeps every call on JNI. */
    static final String PROPERTY = "libsharedmemory.ffm";

    /** Payloads larger than this are copied through JNI (a long copy must not hold off safepoints). */
    static final int MAX_CRITICAL_BYTES = 256 * 1024;

    /** True when the downcalls below are bound. */
    static final boolean ENABLED;

    // Results: CallResult's codes (lsm_c.h).
    private static final MethodHandle STREAM_TRY_WRITE; // (writer, type, data, bytes) -> 0 | negative
    private static final MethodHandle STREAM_TRY_READ; // (reader, dst, capacity) -> size | too small | negative
    private static final MethodHandle QUEUE_TRY_ENQUEUE; // (queue, data, length) -> ENQUEUED | FULL | negative
    private static final MethodHandle QUEUE_TRY_TAKE; // (queue, remove, buffer, size) -> length | EMPTY | too small | negative
    // The same four with a Java array and a byte offset in place of the address.
    private static final MethodHandle STREAM_TRY_WRITE_BYTES; // (writer, type, byte[], offset, bytes)
    private static final MethodHandle STREAM_TRY_WRITE_FLOATS; // (writer, type, float[], offset, bytes)
    private static final MethodHandle STREAM_TRY_WRITE_DOUBLES; // (writer, type, double[], offset, bytes)
    private static final MethodHandle STREAM_TRY_READ_BYTES; // (reader, byte[], offset, capacity)
    private static final MethodHandle STREAM_TRY_READ_FLOATS; // (reader, float[], offset, capacity)
    private static final MethodHandle STREAM_TRY_READ_DOUBLES; // (reader, double[], offset, capacity)
    private static final MethodHandle QUEUE_TRY_ENQUEUE_BYTES; // (queue, byte[], offset, length)
    private static final MethodHandle QUEUE_TRY_TAKE_BYTES; // (queue, remove, byte[], offset, size)
    // Batches of packed records in native memory (lsm_c.h). -> count | count + BATCH_MORE | too small | negative
    private static final MethodHandle QUEUE_TRY_ENQUEUE_PACKED; // (queue, records, used, count)
    private static final MethodHandle QUEUE_TRY_TAKE_PACKED; // (queue, buffer, size, max)
    // SharedMemory's bulk copies between a byte[] and a segment, inside its copier's guard.
    private static final MethodHandle COPY_IN; // (copier, segment offset, byte[], offset, bytes) -> 0 | RETRY
    private static final MethodHandle COPY_OUT; // (copier, segment offset, byte[], offset, bytes) -> 0 | RETRY

    static {
        Binder binder = Binder.create();
        ENABLED = binder != null;
        STREAM_TRY_WRITE = ENABLED ? binder.direct(Downcall.STREAM_TRY_WRITE) : null;
        STREAM_TRY_READ = ENABLED ? binder.direct(Downcall.STREAM_TRY_READ) : null;
        QUEUE_TRY_ENQUEUE = ENABLED ? binder.direct(Downcall.QUEUE_TRY_ENQUEUE) : null;
        QUEUE_TRY_TAKE = ENABLED ? binder.direct(Downcall.QUEUE_TRY_TAKE) : null;
        STREAM_TRY_WRITE_BYTES = ENABLED ? binder.array(Downcall.STREAM_TRY_WRITE, byte[].class) : null;
        STREAM_TRY_WRITE_FLOATS = ENABLED ? binder.array(Downcall.STREAM_TRY_WRITE, float[].class) : null;
        STREAM_TRY_WRITE_DOUBLES = ENABLED ? binder.array(Downcall.STREAM_TRY_WRITE, double[].class) : null;
        STREAM_TRY_READ_BYTES = ENABLED ? binder.array(Downcall.STREAM_TRY_READ, byte[].class) : null;
        STREAM_TRY_READ_FLOATS = ENABLED ? binder.array(Downcall.STREAM_TRY_READ, float[].class) : null;
        STREAM_TRY_READ_DOUBLES = ENABLED ? binder.array(Downcall.STREAM_TRY_READ, double[].class) : null;
        QUEUE_TRY_ENQUEUE_BYTES = ENABLED ? binder.array(Downcall.QUEUE_TRY_ENQUEUE, byte[].class) : null;
        QUEUE_TRY_TAKE_BYTES = ENABLED ? binder.array(Downcall.QUEUE_TRY_TAKE, byte[].class) : null;
        QUEUE_TRY_ENQUEUE_PACKED = ENABLED ? binder.direct(Downcall.QUEUE_TRY_ENQUEUE_PACKED) : null;
        QUEUE_TRY_TAKE_PACKED = ENABLED ? binder.direct(Downcall.QUEUE_TRY_TAKE_PACKED) : null;
        COPY_IN = ENABLED ? binder.array(Downcall.SEGMENT_COPY_IN, byte[].class) : null;
        COPY_OUT = ENABLED ? binder.array(Downcall.SEGMENT_COPY_OUT, byte[].class) : null;
    }

    private ForeignCalls() {}

    /** Does nothing; calling it runs the class initializer, which binds the downcalls. */
    static void warmUp() {}

    /** Writes native memory [address, address + bytes) to the stream: false when JNI must do it. */
    static boolean streamTryWrite(long writer, int type, long address, int bytes) {
        try {
            return (int) STREAM_TRY_WRITE.invokeExact(writer, type, address, (long) bytes) == 0;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Reads the payload into [address, address + room): its size, {@link CallResult#tooSmall}(size)
     * (nothing copied) when it is larger than the room, another negative answer when JNI must do it.
     */
    static long streamTryRead(long reader, long address, int room) {
        try {
            return (long) STREAM_TRY_READ.invokeExact(reader, address, (long) Math.min(room, MAX_CRITICAL_BYTES));
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** {@link CallResult#ENQUEUED}, {@link CallResult#FULL}, negative when JNI must do it. */
    static int queueTryEnqueue(long queue, long address, int length) {
        try {
            return (int) QUEUE_TRY_ENQUEUE.invokeExact(queue, address, (long) length);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * The head message's length (removed if {@code remove}), {@link CallResult#EMPTY},
     * {@link CallResult#tooSmall}(length) (queue unchanged) when it is larger than the room, another
     * negative answer when JNI must do it.
     */
    static long queueTryTake(long queue, boolean remove, long address, int room) {
        try {
            return (long) QUEUE_TRY_TAKE.invokeExact(queue, remove ? 1 : 0, address,
                    (long) Math.min(room, MAX_CRITICAL_BYTES));
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Writes {@code bytes} bytes of a byte[], float[] or double[] (as {@code type} says) from byte
     * {@code offset} (a long: a float[] or double[] spans more than 2 GiB): false when JNI must do it.
     */
    static boolean streamTryWrite(long writer, int type, Object array, long offset, int bytes) {
        try {
            int result;
            if (type == StreamNative.TYPE_FLOAT) {
                float[] floats = (float[]) array;
                Objects.checkFromIndexSize(offset, bytes, (long) floats.length * Float.BYTES);
                result = (int) STREAM_TRY_WRITE_FLOATS.invokeExact(writer, type, floats, offset, (long) bytes);
            } else if (type == StreamNative.TYPE_DOUBLE) {
                double[] doubles = (double[]) array;
                Objects.checkFromIndexSize(offset, bytes, (long) doubles.length * Double.BYTES);
                result = (int) STREAM_TRY_WRITE_DOUBLES.invokeExact(writer, type, doubles, offset, (long) bytes);
            } else {
                byte[] data = (byte[]) array;
                Objects.checkFromIndexSize(offset, bytes, data.length);
                result = (int) STREAM_TRY_WRITE_BYTES.invokeExact(writer, type, data, offset, (long) bytes);
            }
            return result == 0;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Reads the payload into {@code dst[offset, offset + room)}: as {@link #streamTryRead(long, long, int)}. */
    static long streamTryRead(long reader, byte[] dst, int offset, int room) {
        Objects.checkFromIndexSize(offset, room, dst.length);
        try {
            return (long) STREAM_TRY_READ_BYTES.invokeExact(reader, dst, (long) offset, (long) room);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** As {@link #streamTryRead(long, byte[], int, int)} into a whole float[] (sizes in bytes). */
    static long streamTryRead(long reader, float[] dst) {
        try {
            return (long) STREAM_TRY_READ_FLOATS.invokeExact(reader, dst, 0L, (long) dst.length * Float.BYTES);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** As {@link #streamTryRead(long, byte[], int, int)} into a whole double[] (sizes in bytes). */
    static long streamTryRead(long reader, double[] dst) {
        try {
            return (long) STREAM_TRY_READ_DOUBLES.invokeExact(reader, dst, 0L, (long) dst.length * Double.BYTES);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Enqueues {@code message[offset, offset + length)}: as {@link #queueTryEnqueue(long, long, int)}. */
    static int queueTryEnqueue(long queue, byte[] message, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, message.length);
        try {
            return (int) QUEUE_TRY_ENQUEUE_BYTES.invokeExact(queue, message, (long) offset, (long) length);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** The head message into {@code dst[offset, offset + room)}: as {@link #queueTryTake(long, boolean, long, int)}. */
    static long queueTryTake(long queue, boolean remove, byte[] dst, int offset, int room) {
        Objects.checkFromIndexSize(offset, room, dst.length);
        try {
            return (long) QUEUE_TRY_TAKE_BYTES.invokeExact(queue, remove ? 1 : 0, dst, (long) offset, (long) room);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Enqueues the {@code count} records packed in native memory [address, address + used): as
     * lsm_queue_try_enqueue_packed (a negative answer: nothing enqueued, JNI must do it).
     */
    static long queueTryEnqueuePacked(long queue, long address, int used, int count) {
        try {
            return (long) QUEUE_TRY_ENQUEUE_PACKED.invokeExact(queue, address, (long) used, count);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Takes up to {@code max} messages as packed records into [address, address + size): as lsm_queue_try_take_packed. */
    static long queueTryTakePacked(long queue, long address, int size, int max) {
        try {
            return (long) QUEUE_TRY_TAKE_PACKED.invokeExact(queue, address, (long) size, max);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /**
     * Copies {@code src[offset, offset + bytes)} into the segment of {@code copier} at
     * {@code segmentOffset} (the segment's range checked natively): false (nothing copied) when JNI must do it.
     */
    static boolean copyIn(long copier, long segmentOffset, byte[] src, int offset, int bytes) {
        Objects.checkFromIndexSize(offset, bytes, src.length);
        try {
            return (int) COPY_IN.invokeExact(copier, segmentOffset, src, (long) offset, (long) bytes) == 0;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** Copies {@code bytes} bytes of the segment from {@code segmentOffset} to {@code dst[offset...]}: as {@link #copyIn}. */
    static boolean copyOut(long copier, long segmentOffset, byte[] dst, int offset, int bytes) {
        Objects.checkFromIndexSize(offset, bytes, dst.length);
        try {
            return (int) COPY_OUT.invokeExact(copier, segmentOffset, dst, (long) offset, (long) bytes) == 0;
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    private static RuntimeException unexpected(Throwable t) {
        if (t instanceof Error) {
            throw (Error) t;
        }
        return t instanceof RuntimeException ? (RuntimeException) t
                : new SharedMemoryException("foreign call failed: " + t, t);
    }

    /**
     * Binds each {@link Downcall} by its native name: a direct form (the data pointer an int64
     * address, critical) and an array form (a heap segment, critical with heap access), whose data
     * argument an adapter makes from (array, byte offset). Reached by reflection: this class is
     * compiled for Java 17.
     */
    private static final class Binder {
        private final MethodHandle[] direct;
        private final MethodHandle[] heap;
        private final MethodHandle asSlice; // (MemorySegment, long) -> MemorySegment
        private final Class<?> segmentClass;

        private Binder(MethodHandle[] direct, MethodHandle[] heap, MethodHandle asSlice, Class<?> segmentClass) {
            this.direct = direct;
            this.heap = heap;
            this.asSlice = asSlice;
            this.segmentClass = segmentClass;
        }

        MethodHandle direct(Downcall call) {
            return direct[call.ordinal()];
        }

        /** The array form: the data pointer replaced by (array, byte offset) -> MemorySegment.ofArray(array).asSlice(offset). */
        MethodHandle array(Downcall call, Class<?> arrayType) {
            try {
                MethodHandle ofArray = MethodHandles.publicLookup().findStatic(segmentClass, "ofArray",
                        MethodType.methodType(segmentClass, arrayType));
                MethodHandle slice = MethodHandles.filterArguments(asSlice, 0, ofArray);
                return MethodHandles.collectArguments(heap[call.ordinal()], call.dataArgument, slice);
            } catch (ReflectiveOperationException e) {
                throw new LinkageError("MemorySegment.ofArray(" + arrayType.getSimpleName() + ")", e);
            }
        }

        /** Null when the downcalls cannot or should not be used here. */
        static Binder create() {
            if (!Boolean.parseBoolean(System.getProperty(PROPERTY, "true")) || Runtime.version().feature() < 22) {
                return null;
            }
            try {
                Module module = ForeignCalls.class.getModule();
                if (!(Boolean) Module.class.getMethod("isNativeAccessEnabled").invoke(module)) {
                    return null;
                }
                Class<?> linkerClass = Class.forName("java.lang.foreign.Linker");
                Class<?> optionClass = Class.forName("java.lang.foreign.Linker$Option");
                Class<?> segmentClass = Class.forName("java.lang.foreign.MemorySegment");
                Class<?> layoutClass = Class.forName("java.lang.foreign.MemoryLayout");
                Class<?> descriptorClass = Class.forName("java.lang.foreign.FunctionDescriptor");
                Class<?> valueLayoutClass = Class.forName("java.lang.foreign.ValueLayout");

                Object linker = linkerClass.getMethod("nativeLinker").invoke(null);
                Object options = Array.newInstance(optionClass, 1);
                Array.set(options, 0, optionClass.getMethod("critical", boolean.class).invoke(null, false));
                Object heapOptions = Array.newInstance(optionClass, 1); // critical, and Java arrays may be passed
                Array.set(heapOptions, 0, optionClass.getMethod("critical", boolean.class).invoke(null, true));
                Object int32 = valueLayoutClass.getField("JAVA_INT").get(null);
                Object int64 = valueLayoutClass.getField("JAVA_LONG").get(null);
                Object pointer = valueLayoutClass.getField("ADDRESS").get(null);
                Method ofAddress = segmentClass.getMethod("ofAddress", long.class);
                Method descriptorOf = descriptorClass.getMethod("of", layoutClass, layoutClass.arrayType());
                Method downcall = linkerClass.getMethod("downcallHandle", segmentClass, descriptorClass,
                        optionClass.arrayType());

                CallResult.check(); // the downcalls answer in lsm_c.h's codes
                long[] addresses = ForeignNative.addresses(Downcall.nativeNames());
                Downcall[] calls = Downcall.values();
                MethodHandle[] direct = new MethodHandle[calls.length];
                MethodHandle[] heap = new MethodHandle[calls.length];
                for (Downcall call : calls) {
                    Object target = ofAddress.invoke(null, addresses[call.ordinal()]);
                    Object result = call.result == 'i' ? int32 : int64;
                    Object[] directArguments = new Object[call.arguments.length()];
                    Object[] heapArguments = new Object[call.arguments.length()];
                    for (int a = 0; a < directArguments.length; a++) {
                        char kind = call.arguments.charAt(a);
                        directArguments[a] = kind == 'i' ? int32 : int64;
                        heapArguments[a] = kind == 'i' ? int32 : kind == 'p' ? pointer : int64;
                    }
                    direct[call.ordinal()] = (MethodHandle) downcall.invoke(linker, target,
                            descriptorOf.invoke(null, result, layouts(layoutClass, directArguments)), options);
                    heap[call.ordinal()] = (MethodHandle) downcall.invoke(linker, target,
                            descriptorOf.invoke(null, result, layouts(layoutClass, heapArguments)), heapOptions);
                }
                MethodHandle asSlice = MethodHandles.publicLookup().findVirtual(segmentClass, "asSlice",
                        MethodType.methodType(segmentClass, long.class));
                return new Binder(direct, heap, asSlice, segmentClass);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null; // JNI then carries every call, as on JDK 17-21
            }
        }
    }

    /** A MemoryLayout[] of these layouts. */
    private static Object layouts(Class<?> layoutClass, Object... layouts) {
        Object array = Array.newInstance(layoutClass, layouts.length);
        for (int i = 0; i < layouts.length; i++) {
            Array.set(array, i, layouts[i]);
        }
        return array;
    }
}
