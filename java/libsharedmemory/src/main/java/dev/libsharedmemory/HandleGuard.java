package dev.libsharedmemory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes "close during use" safe for {@link SharedMemory} (streams and queues do it natively, with
 * lsm::CallGuard): every native call on a handle runs between {@link #enter()}
 * and {@link #exit(Slot)}, and {@link #close()} waits until no call is inside before the
 * caller frees the native memory. A call that starts after close throws
 * {@link SegmentClosedException}.
 *
 * <p>The fast path costs one fence per call instead of two atomic read-modify-writes: each
 * thread owns a {@link Slot}; entering stores the guard into it (a volatile store, the one
 * StoreLoad fence) and then reads the closed bit; leaving is a release store of null. close()
 * sets the closed bit and then waits until no registered slot names the guard. Volatile
 * accesses are sequentially consistent, so either the caller sees closed (and backs out) or
 * close sees the caller inside (and waits): Dekker's argument. A slot is registered before its
 * first use, under the registry's lock, so close() cannot miss a thread that starts meanwhile.
 *
 * <p>A thread already inside another guard (nested calls) takes the counted path instead: the
 * word {@code state} counts those calls, its sign bit is the closed bit.
 */
final class HandleGuard {
    private static final long CLOSED = Long.MIN_VALUE;
    private static final VarHandle STATE;
    private static final VarHandle INSIDE;

    /** Every thread's slot, weakly: a thread that ended drops out. Guarded by itself. */
    private static final Set<Slot> SLOTS = Collections.newSetFromMap(new WeakHashMap<>());
    private static final ThreadLocal<Slot> SLOT = ThreadLocal.withInitial(HandleGuard::register);

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(HandleGuard.class, "state", long.class);
            INSIDE = MethodHandles.lookup().findVarHandle(Slot.class, "inside", HandleGuard.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The guard a thread is inside, if any (written by its thread, read by close()). */
    static final class Slot {
        @SuppressWarnings("unused") // accessed through INSIDE
        private volatile HandleGuard inside;

        private Slot() {}
    }

    private final String what;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile long state;

    /** @param what names the handle in the exception, e.g. "segment 'orders'". */
    HandleGuard(String what) {
        this.what = what;
    }

    private static Slot register() {
        Slot slot = new Slot();
        synchronized (SLOTS) {
            SLOTS.add(slot);
        }
        return slot;
    }

    /**
     * Enters; pass what it returns to {@link #exit(Slot)} in a finally block.
     *
     * @throws SegmentClosedException the handle is closed
     */
    Slot enter() {
        Slot slot = SLOT.get();
        if (slot.inside == null) {
            slot.inside = this; // volatile store: ordered before the volatile read below
            if ((long) STATE.getVolatile(this) < 0) {
                INSIDE.setRelease(slot, null);
                throw closed();
            }
            return slot;
        }
        // Nested inside another guard on this thread: count instead.
        long previous = (long) STATE.getAndAdd(this, 1L);
        if (previous < 0) {
            STATE.getAndAdd(this, -1L);
            throw closed();
        }
        return null;
    }

    /** Leaves; {@code slot} is what {@link #enter()} returned. */
    void exit(Slot slot) {
        if (slot != null) {
            INSIDE.setRelease(slot, null); // the call's effects happen before close() sees it left
        } else {
            STATE.getAndAdd(this, -1L);
        }
    }

    boolean isClosed() {
        return (long) STATE.getVolatile(this) < 0;
    }

    private SegmentClosedException closed() {
        return new SegmentClosedException(what + " is closed");
    }

    /**
     * Marks the handle closed and waits for the calls inside to leave. Returns true for the
     * one caller that closed it, false if it was closed already.
     */
    boolean close() {
        long current;
        do {
            current = (long) STATE.getVolatile(this);
            if (current < 0) {
                return false;
            }
        } while (!STATE.compareAndSet(this, current, current | CLOSED));
        List<Slot> slots;
        synchronized (SLOTS) {
            slots = new ArrayList<>(SLOTS);
        }
        int round = 0;
        for (Slot slot : slots) {
            while ((HandleGuard) INSIDE.getVolatile(slot) == this) {
                round = pause(round);
            }
        }
        while (((long) STATE.getVolatile(this) & ~CLOSED) != 0) {
            round = pause(round);
        }
        return true;
    }

    private static int pause(int round) {
        if (round < 100) {
            Thread.onSpinWait();
        } else if (round < 1000) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(100_000L);
        }
        return round + 1;
    }
}
