package dev.libsharedmemory;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;

/**
 * java.lang.foreign's {@code Arena} reached by reflection (the tests compile for Java 17): direct
 * buffers whose memory an arena frees when it is closed. Only on JDK 22+ ({@link #available()}).
 */
final class Arenas {
    private Arenas() {}

    static boolean available() {
        return Runtime.version().feature() >= 22;
    }

    /** {@code Arena.ofShared()}: any thread may use and close it. */
    static Object shared() {
        return invoke(null, method("java.lang.foreign.Arena", "ofShared"));
    }

    /** {@code Arena.ofConfined()}: only this thread may use and close it. */
    static Object confined() {
        return invoke(null, method("java.lang.foreign.Arena", "ofConfined"));
    }

    /** {@code arena.allocate(bytes).asByteBuffer()}: a direct buffer over new arena memory. */
    static ByteBuffer allocate(Object arena, long bytes) {
        Object segment = invoke(arena, method("java.lang.foreign.SegmentAllocator", "allocate", long.class), bytes);
        return (ByteBuffer) invoke(segment, method("java.lang.foreign.MemorySegment", "asByteBuffer"));
    }

    /** {@code arena.close()}: frees its memory (throws what the JDK throws, e.g. IllegalStateException). */
    static void close(Object arena) {
        invoke(arena, method("java.lang.foreign.Arena", "close"));
    }

    private static Method method(String className, String name, Class<?>... parameters) {
        try {
            return Class.forName(className).getMethod(name, parameters);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("java.lang.foreign is not available: " + e, e);
        }
    }

    private static Object invoke(Object target, Method method, Object... arguments) {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            throw new IllegalStateException(cause);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
