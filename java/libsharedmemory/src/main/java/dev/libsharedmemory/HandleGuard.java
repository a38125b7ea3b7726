package dev.libsharedmemory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * Makes "close during use" safe: every native call on a handle runs between {@link #enter()}
 * and {@link #exit()}, and {@link #close()} waits until no call is inside before the caller
 * frees the native memory. A call that starts after close throws {@link SegmentClosedException}.
 *
 * <p>One word holds both facts: the sign bit means closed, the rest counts the calls inside.
 */
final class HandleGuard {
    private static final long CLOSED = Long.MIN_VALUE;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(HandleGuard.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String what;
    @SuppressWarnings("unused") // accessed through STATE
    private volatile long state;

    /** @param what names the handle in the exception, e.g. "segment 'orders'". */
    HandleGuard(String what) {
        this.what = what;
    }

    void enter() {
        long previous = (long) STATE.getAndAdd(this, 1L);
        if (previous < 0) {
            STATE.getAndAdd(this, -1L);
            throw new SegmentClosedException(what + " is closed");
        }
    }

    void exit() {
        STATE.getAndAdd(this, -1L);
    }

    boolean isClosed() {
        return (long) STATE.getVolatile(this) < 0;
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
        for (int round = 0; ((long) STATE.getVolatile(this) & ~CLOSED) != 0; round++) {
            if (round < 100) {
                Thread.onSpinWait();
            } else if (round < 1000) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(100_000L);
            }
        }
        return true;
    }
}
