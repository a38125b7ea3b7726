package dev.libsharedmemory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A probe, not used by the library: a close guard with one fence per call instead of two atomic
 * read-modify-writes. A thread announces the handle it is inside in its own slot (a volatile
 * store: the one StoreLoad fence), then checks the closed flag; leaving is a release store.
 * close() would set the flag and then wait until no registered slot names the handle (Dekker:
 * either the caller sees closed, or close sees the caller). Not complete: a real version needs a
 * registry of slots for close() to scan and a stack for nested guards. Measured by
 * JniCallBenchmark.slot_guard_enter_exit next to HandleGuard's guard_enter_exit.
 */
final class SlotGuardProbe {
    static final class Slot {
        volatile Object inside;
    }

    private static final ThreadLocal<Slot> SLOT = ThreadLocal.withInitial(Slot::new);
    private static final VarHandle INSIDE;

    static {
        try {
            INSIDE = MethodHandles.lookup().findVarHandle(Slot.class, "inside", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile boolean closed;

    Slot enter() {
        Slot slot = SLOT.get();
        slot.inside = this; // volatile store, then the volatile load below: StoreLoad ordered
        if (closed) {
            slot.inside = null;
            throw new SegmentClosedException("closed");
        }
        return slot;
    }

    static void exit(Slot slot) {
        INSIDE.setRelease(slot, null);
    }
}
