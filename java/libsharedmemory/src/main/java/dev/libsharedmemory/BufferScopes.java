package dev.libsharedmemory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.Buffer;
import java.nio.ByteBuffer;

/**
 * The memory scope of a direct buffer whose memory a java.lang.foreign {@code Arena} owns
 * ({@code segment.asByteBuffer()}, JDK 22+): closing the arena frees that memory while the buffer
 * object lives on, so native code must never be handed its address (see {@link ScopedBufferCalls}).
 * Reached by reflection: the library is compiled for Java 17.
 *
 * <p>{@code MemorySegment.ofBuffer(buffer).scope()} tells: for an arena's buffer it is the arena's
 * scope, the same object every time; for any other buffer (allocateDirect, a JNI or mapped buffer,
 * whose memory lives as long as the buffer) the JDK makes a new scope per call. A buffer whose
 * scope comes back identical twice is therefore treated as scoped: a future JDK that cached the
 * other kind would only send those buffers down the slower, still correct, scoped route.
 */
final class BufferScopes {
    /** (ByteBuffer) -> Object: MemorySegment.ofBuffer(buffer).scope(); null where java.lang.foreign is absent. */
    private static final MethodHandle SCOPE;
    /** (Object scope) -> boolean: MemorySegment.Scope.isAlive(). */
    private static final MethodHandle IS_ALIVE;

    static {
        MethodHandle scope = null;
        MethodHandle isAlive = null;
        // No version gate: JDK 21 with --enable-preview has arenas too; where the API is absent
        // (JDK 17) or different, a lookup fails and every direct buffer counts as unscoped.
        try {
            Class<?> segment = Class.forName("java.lang.foreign.MemorySegment");
            Class<?> scopeClass = Class.forName("java.lang.foreign.MemorySegment$Scope");
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle ofBuffer = lookup.findStatic(segment, "ofBuffer", MethodType.methodType(segment, Buffer.class));
            MethodHandle scopeOf = lookup.findVirtual(segment, "scope", MethodType.methodType(scopeClass));
            scope = MethodHandles.filterReturnValue(ofBuffer, scopeOf)
                    .asType(MethodType.methodType(Object.class, ByteBuffer.class));
            isAlive = lookup.findVirtual(scopeClass, "isAlive", MethodType.methodType(boolean.class))
                    .asType(MethodType.methodType(boolean.class, Object.class));
            // Usable here? A preview API may be present and refuse to run.
            if (!(boolean) isAlive.invokeExact((Object) scope.invokeExact(ByteBuffer.allocateDirect(1)))) {
                throw new IllegalStateException("a new buffer's scope is not alive");
            }
        } catch (Throwable e) {
            scope = null; // no arenas here: every direct buffer lives as long as it is reachable
            isAlive = null;
        }
        SCOPE = scope;
        IS_ALIVE = isAlive;
    }

    private BufferScopes() {}

    /** The arena scope of a direct buffer, or null when its memory lives as long as the buffer. */
    static Object of(ByteBuffer direct) {
        if (SCOPE == null) {
            return null;
        }
        try {
            Object scope = (Object) SCOPE.invokeExact(direct);
            return scope == (Object) SCOPE.invokeExact(direct) ? scope : null;
        } catch (Throwable t) {
            throw new SharedMemoryException("cannot tell the memory scope of a ByteBuffer: " + t, t);
        }
    }

    /** Throws what the JDK throws for the buffer when its arena is closed (its memory freed). */
    static void checkAlive(Object scope) {
        boolean alive;
        try {
            alive = (boolean) IS_ALIVE.invokeExact(scope);
        } catch (Throwable t) {
            throw new SharedMemoryException("cannot tell whether a ByteBuffer's Arena is open: " + t, t);
        }
        if (!alive) {
            throw new IllegalStateException("Already closed: the ByteBuffer's memory belongs to an Arena that is closed");
        }
    }
}
