package dev.libsharedmemory;

import java.lang.ref.Reference;
import java.util.function.LongConsumer;

/**
 * A {@link WaitTarget} on a native handle: its sleep and wake entry points (static methods:
 * nothing captured) and, for a following handle, its follow. Made once per handle and kind of
 * wait. Keeps {@code owner}, whose Cleaner frees the handle, reachable until each native call
 * has returned.
 */
final class NativeWait implements WaitTarget {
    /** A native sleep on a handle's shared word ({@code StreamNative.sleepForNewData}, ...). */
    @FunctionalInterface
    interface Sleep {
        void sleep(long handle, long nanos, long unwokenNanos);
    }

    private final Object owner;
    private final long handle;
    private final Sleep sleep;
    private final LongConsumer wake;
    private final Runnable follow;

    /** {@code follow}: run between sleeps, null for a handle that never follows. */
    NativeWait(Object owner, long handle, Sleep sleep, LongConsumer wake, Runnable follow) {
        this.owner = owner;
        this.handle = handle;
        this.sleep = sleep;
        this.wake = wake;
        this.follow = follow;
    }

    @Override
    public void sleep(long nanos, long unwokenNanos) {
        try {
            sleep.sleep(handle, nanos, unwokenNanos);
        } finally {
            Reference.reachabilityFence(owner);
        }
    }

    @Override
    public void wakeSleepers() {
        try {
            wake.accept(handle);
        } finally {
            Reference.reachabilityFence(owner);
        }
    }

    @Override
    public void followIfRecreated() {
        if (follow != null) {
            follow.run();
        }
    }
}
