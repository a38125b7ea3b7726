package dev.libsharedmemory;

import java.lang.invoke.MethodHandle;
import java.lang.reflect.Array;
import java.lang.reflect.Method;

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
 * <p>Used when the JDK has java.lang.foreign (22+), this module may use native access
 * ({@code --enable-native-access=ALL-UNNAMED}, or the module's name: so no new warning is ever
 * printed), and {@code -Dlibsharedmemory.ffm=false} is not set. The library is compiled for
 * Java 17, so the API is reached by reflection once, at class initialization; afterwards each
 * call is a plain {@code MethodHandle.invokeExact} on a constant, which the JIT inlines.
 * Handles are the pointers JNI created (the same structs as lsm_c.h's), passed as 64-bit
 * integers: every supported platform is 64-bit.
 */
final class ForeignCalls {
    /** System property: {@code false} keeps every call on JNI. */
    static final String PROPERTY = "libsharedmemory.ffm";

    /** Payloads larger than this are copied through JNI (a long copy must not hold off safepoints). */
    static final int MAX_CRITICAL_BYTES = 256 * 1024;

    /** True when the downcalls below are bound. */
    static final boolean ENABLED;

    private static final MethodHandle STREAM_TRY_WRITE; // (writer, type, data, bytes) -> 0 | -1
    private static final MethodHandle STREAM_TRY_READ; // (reader, dst, capacity) -> size | -1
    private static final MethodHandle QUEUE_TRY_ENQUEUE; // (queue, data, length) -> 1 | 0 full | -1
    private static final MethodHandle QUEUE_TRY_TAKE; // (queue, remove, buffer, size) -> length | -1 empty | -2

    static {
        MethodHandle[] bound = bind();
        ENABLED = bound != null;
        STREAM_TRY_WRITE = ENABLED ? bound[0] : null;
        STREAM_TRY_READ = ENABLED ? bound[1] : null;
        QUEUE_TRY_ENQUEUE = ENABLED ? bound[2] : null;
        QUEUE_TRY_TAKE = ENABLED ? bound[3] : null;
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

    /** Reads the payload into [address, address + room): its size, or -1 when JNI must do it. */
    static long streamTryRead(long reader, long address, int room) {
        try {
            return (long) STREAM_TRY_READ.invokeExact(reader, address, (long) Math.min(room, MAX_CRITICAL_BYTES));
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** 1 enqueued, 0 full, -1 when JNI must do it. */
    static int queueTryEnqueue(long queue, long address, int length) {
        try {
            return (int) QUEUE_TRY_ENQUEUE.invokeExact(queue, address, (long) length);
        } catch (Throwable t) {
            throw unexpected(t);
        }
    }

    /** The head message's length (removed if {@code remove}), -1 empty, -2 when JNI must do it. */
    static long queueTryTake(long queue, boolean remove, long address, int room) {
        try {
            return (long) QUEUE_TRY_TAKE.invokeExact(queue, remove ? 1 : 0, address,
                    (long) Math.min(room, MAX_CRITICAL_BYTES));
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

    /** The four downcalls, or null when they cannot or should not be used here. */
    private static MethodHandle[] bind() {
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
            Object critical = optionClass.getMethod("critical", boolean.class).invoke(null, false);
            Object options = Array.newInstance(optionClass, 1);
            Array.set(options, 0, critical);
            Object int32 = valueLayoutClass.getField("JAVA_INT").get(null);
            Object int64 = valueLayoutClass.getField("JAVA_LONG").get(null);
            Method ofAddress = segmentClass.getMethod("ofAddress", long.class);
            Method describe = descriptorClass.getMethod("of", layoutClass, layoutClass.arrayType());
            Method downcall = linkerClass.getMethod("downcallHandle", segmentClass, descriptorClass,
                    optionClass.arrayType());

            long[] addresses = ForeignNative.addresses();
            Object[][] signatures = {
                {int32, int64, int32, int64, int64}, // int lsm_stream_writer_try_write(writer*, int, const void*, size_t)
                {int64, int64, int64, int64}, // int64_t lsm_stream_reader_try_read(reader*, void*, size_t)
                {int32, int64, int64, int64}, // int lsm_queue_try_enqueue(queue*, const void*, size_t)
                {int64, int64, int32, int64, int64}, // int64_t lsm_queue_try_take(queue*, int, void*, size_t)
            };
            MethodHandle[] handles = new MethodHandle[signatures.length];
            for (int i = 0; i < signatures.length; i++) {
                Object[] signature = signatures[i];
                Object arguments = Array.newInstance(layoutClass, signature.length - 1);
                for (int a = 1; a < signature.length; a++) {
                    Array.set(arguments, a - 1, signature[a]);
                }
                Object descriptor = describe.invoke(null, signature[0], arguments);
                Object target = ofAddress.invoke(null, addresses[i]);
                handles[i] = (MethodHandle) downcall.invoke(linker, target, descriptor, options);
            }
            return handles;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // JNI then carries every call, as on JDK 17-21
        }
    }
}
