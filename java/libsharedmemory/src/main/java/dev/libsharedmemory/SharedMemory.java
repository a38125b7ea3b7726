package dev.libsharedmemory;

import java.lang.ref.Cleaner;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A named shared memory segment, as {@code lsm::Memory} of libsharedmemory 2.0.0.
 *
 * <pre>{@code
 * try (SharedMemory shm = SharedMemory.create("sensor", 4096, true)) {
 *     shm.buffer().putInt(0, 42);           // zero-copy, native byte order
 * }
 * }</pre>
 *
 * <p>{@link #create} replaces an existing segment of the same name; {@link #open} maps an
 * existing one; {@link #openOrCreate} maps it if it exists and creates it otherwise. A handle that is not persistent removes the name when it is closed, whichever
 * side owns it. The size is not stored in the segment: both sides must agree on it, or the
 * reader uses {@link #open(String, boolean)} to map the whole object.
 *
 * <p>Thread-safe. Closing while other threads use the handle is safe: they finish their call
 * or get a {@link SegmentClosedException}. A handle that is never closed is unmapped once it is
 * unreachable (a persistent segment stays).
 */
public final class SharedMemory implements AutoCloseable {
    /** Owner read and write. The C++ library uses 0777; see the README on permissions. */
    public static final int DEFAULT_MODE = 0600;

    private final String name;
    private final boolean persistent;
    private final HandleGuard guard;
    private final SegmentLifetime lifetime;
    private final Cleaner.Cleanable cleanable;
    /** The native guard of read/write copies (cheaper than {@link #guard}), freed once this is unreachable. */
    private final long copier;
    private ByteBuffer buffer; // exported once, lazily; guarded by this
    private final boolean created;
    private final StaleReport staleReport;

    private SharedMemory(String name, boolean persistent, long handle) {
        this.name = name;
        this.persistent = persistent;
        this.guard = new HandleGuard("segment '" + name + "'");
        this.lifetime = new SegmentLifetime(handle);
        this.cleanable = Cleaners.CLEANER.register(this, lifetime);
        this.created = SegmentNative.created(handle);
        this.staleReport = new StaleReport(name, LifecycleEvents.SEGMENT);
        this.copier = SegmentNative.newCopier(handle);
        long copierToFree = copier;
        Cleaners.CLEANER.register(this, () -> SegmentNative.freeCopier(copierToFree));
    }

    /**
     * Creates a segment of {@code size} bytes, zero-filled, with mode {@link #DEFAULT_MODE},
     * replacing any existing segment of that name. The memory is reserved now: a lack of space
     * fails here with {@link OutOfSpaceException}, not later.
     */
    public static SharedMemory create(String name, long size, boolean persistent) {
        return create(name, size, persistent, DEFAULT_MODE);
    }

    /** As {@link #create(String, long, boolean)}, with POSIX permission bits (e.g. {@code 0660}); ignored on Windows. */
    public static SharedMemory create(String name, long size, boolean persistent, int mode) {
        byte[] utf8 = Names.utf8(name);
        return new SharedMemory(name, persistent, SegmentNative.create(utf8, size, persistent, mode));
    }

    /** Opens an existing segment and maps its first {@code size} bytes (it must be at least that large). */
    public static SharedMemory open(String name, long size, boolean persistent) {
        byte[] utf8 = Names.utf8(name);
        return new SharedMemory(name, persistent, SegmentNative.open(utf8, size, persistent));
    }

    /** Opens an existing segment and maps all of it; {@link #size()} tells how large it is. */
    public static SharedMemory open(String name, boolean persistent) {
        byte[] utf8 = Names.utf8(name);
        return new SharedMemory(name, persistent, SegmentNative.openExisting(utf8, persistent));
    }

    /**
     * Maps the segment when it exists, else creates it (zero-filled, mode {@link #DEFAULT_MODE});
     * never replaces one. Race-free across processes: of several calling this at once exactly one
     * creates the segment (its {@link #created()} is true) and all end on the same one; the
     * others wait, up to 5 s, until its creator has sized it.
     *
     * @throws InvalidSizeException it exists with another size (the message names both)
     * @throws CorruptSegmentException it exists but is still 0 bytes after the wait: its creator
     *     died half way; {@link #remove} it and retry
     */
    public static SharedMemory openOrCreate(String name, long size, boolean persistent) {
        return openOrCreate(name, size, persistent, DEFAULT_MODE);
    }

    /** As {@link #openOrCreate(String, long, boolean)}, with POSIX permission bits for a segment it creates. */
    public static SharedMemory openOrCreate(String name, long size, boolean persistent, int mode) {
        byte[] utf8 = Names.utf8(name);
        return new SharedMemory(name, persistent, SegmentNative.openOrCreate(utf8, size, persistent, mode));
    }

    /** Removes a segment's name. Returns false when no segment of that name existed. */
    public static boolean remove(String name) {
        return SegmentNative.remove(Names.utf8(name));
    }

    /**
     * A direct buffer over the whole segment in native byte order, for zero-copy access. Each
     * call returns a new view (its own position and limit) of the same memory.
     *
     * <p>After {@link #close()} a buffer obtained earlier stays safe to use but no longer shows
     * the segment (it reads zeros) on Linux and macOS; on Windows it keeps showing it until it is
     * garbage collected.
     */
    public ByteBuffer buffer() {
        HandleGuard.Slot inside = guard.enter();
        try {
            synchronized (this) {
                if (buffer == null) {
                    buffer = lifetime.exportBuffer();
                    SharedViews.add(this, lifetime.address(), lifetime.size());
                }
                return buffer.duplicate().order(ByteOrder.nativeOrder());
            }
        } finally {
            guard.exit(inside);
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Copies {@code src} into the segment at byte {@code offset}: the same as
     * {@code buffer().put((int) offset, src)}, as one {@code memcpy}, which is faster than a
     * buffer's bulk copy for large blocks, and for offsets beyond 2 GiB.
     *
     * @throws IndexOutOfBoundsException the range does not lie within the segment
     */
    public void write(long offset, byte[] src) {
        write(offset, src, 0, Objects.requireNonNull(src, "src").length);
    }

    /** Copies {@code src[srcOffset, srcOffset + length)} into the segment at byte {@code offset}. */
    public void write(long offset, byte[] src, int srcOffset, int length) {
        copy(offset, src, srcOffset, length, true);
    }

    /**
     * Copies {@code dst.length} bytes of the segment from byte {@code offset} into {@code dst}, as
     * one {@code memcpy} (see {@link #write(long, byte[])}).
     *
     * @throws IndexOutOfBoundsException the range does not lie within the segment
     */
    public void read(long offset, byte[] dst) {
        read(offset, dst, 0, Objects.requireNonNull(dst, "dst").length);
    }

    /** Copies {@code length} bytes of the segment from byte {@code offset} into {@code dst[dstOffset...]}. */
    public void read(long offset, byte[] dst, int dstOffset, int length) {
        copy(offset, dst, dstOffset, length, false);
    }

    /** The mapped size in bytes. */
    public long size() {
        return lifetime.size();
    }

    public String name() {
        return name;
    }

    /** True when this handle created the segment: {@link #create}, or {@link #openOrCreate} that found none. */
    public boolean created() {
        return created;
    }

    public boolean isPersistent() {
        return persistent;
    }

    public boolean isClosed() {
        return guard.isClosed();
    }

    /**
     * True when this name no longer leads to the object this handle maps: it was removed, or
     * re-created by another process (a restarted writer). Reopen to see the new segment.
     */
    public boolean isStale() {
        HandleGuard.Slot inside = guard.enter();
        try {
            return staleReport.check(SegmentNative.isStale(lifetime.handle()));
        } finally {
            guard.exit(inside);
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Removes the segment's name from the OS ({@code shm_unlink}). The mapping stays usable until
     * {@link #close()}; processes that have it mapped keep it. Also works after close.
     */
    public void destroy() {
        if (guard.isClosed()) {
            remove(name);
            return;
        }
        HandleGuard.Slot inside;
        try {
            inside = guard.enter();
        } catch (SegmentClosedException closedMeanwhile) {
            remove(name);
            return;
        }
        try {
            SegmentNative.destroy(lifetime.handle());
        } finally {
            guard.exit(inside);
            Reference.reachabilityFence(this);
        }
    }

    /** Unmaps the segment; a non-persistent handle also removes the name. Idempotent. */
    @Override
    public void close() {
        if (guard.close()) {
            SegmentNative.closeCopier(copier); // waits for copies in flight
            lifetime.markExplicitClose();
            cleanable.clean();
        }
    }

    private void copy(long offset, byte[] array, int arrayOffset, int length, boolean toSegment) {
        Objects.checkFromIndexSize(arrayOffset, length, Objects.requireNonNull(array, "array").length);
        Objects.checkFromIndexSize(offset, length, lifetime.size());
        try { // the copier's native guard keeps the mapping until the copy is done
            SegmentCalls.copy(copier, offset, array, arrayOffset, length, toSegment);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Copies {@code length} bytes between the view address {@code viewAddress} (inside this
     * segment's mapping) and native memory at {@code address}, inside this handle's fault
     * protection: for {@link ScopedBufferCalls}, when a view of this segment is passed to a call
     * on another handle. False when closed (the view shows zeros then: the caller copies itself).
     */
    boolean copyView(long viewAddress, long address, int length, boolean toView) {
        long offset = viewAddress - lifetime.address();
        Objects.checkFromIndexSize(offset, length, lifetime.size());
        try {
            SegmentNative.copyAddress(copier, offset, address, length, toView);
            return true;
        } catch (SegmentClosedException closed) {
            return false;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public String toString() {
        return "SharedMemory[" + name + ", " + size() + " bytes" + (persistent ? "" : ", not persistent")
                + (isClosed() ? ", closed" : "") + "]";
    }
}
