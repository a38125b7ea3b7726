package dev.libsharedmemory;

import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.spi.AbstractSelectableChannel;
import java.nio.channels.spi.AbstractSelector;
import java.util.Collections;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets {@link Thread#interrupt()} reach a thread asleep in a native wait at once instead of when
 * its slice ends (up to the strategy's peer poll interval). The JDK's public hook for this is a
 * selector's: between {@link AbstractSelector#begin()} and {@code end()}, {@code Thread.interrupt()}
 * sets the interrupt status and then calls {@link #wakeup()}. Here wakeup() wakes the sleepers of
 * the handle the thread sleeps on; the native wait asks the status before every sleep and
 * returns, and {@link WaitStrategy} throws InterruptedException as between sleeps.
 *
 * <p>One per thread, reused: a sleep allocates nothing. It is a selector in name only: nothing
 * registers with it or selects on it.
 */
final class SleepInterruptor extends AbstractSelector {
    private static final ThreadLocal<SleepInterruptor> CURRENT = ThreadLocal.withInitial(SleepInterruptor::new);
    /** How long wakeup() keeps waking one sleep at the most (a sleeper that never looks again). */
    private static final long MAX_WAKING_NANOS = 1_000_000_000L;
    /** Windows' semaphores keep a release until a sleeper takes it: there one wake is never lost. */
    private static final boolean WAKES_KEPT = System.getProperty("os.name", "").startsWith("Windows");

    /** The thread this is for: its own calls of wakeup() (begin() when already interrupted) have nothing to wake. */
    private final Thread owner = Thread.currentThread();
    /** What the thread sleeps on; null while awake. Keeps the handle reachable: never a freed one woken. */
    private volatile WaitTarget sleepingOn;
    /** The thread's sleeps so far (written by it alone): wakeup() stops once its sleep ended. */
    private volatile long sleeps;

    private SleepInterruptor() {
        super(null);
    }

    /** One sleep of the calling thread on {@code target} (see {@link WaitTarget#sleep}) that an interrupt ends. */
    /** Does nothing; calling it loads this class and the JDK's selector classes, as a handle opens: not in its first wait. */
    static void load() {}

    /**
     * This thread's interruptor, hooked into {@code Thread.interrupt()} until {@link #leave()}:
     * once per wait, not per sleep (an idle wait's sleeps each end a slice in which the CPU's
     * caches went cold: hooking and unhooking each one cost as much again as the wake-up).
     */
    static SleepInterruptor enter() {
        SleepInterruptor interruptor = CURRENT.get();
        interruptor.begin(); // an interrupt from here on calls wakeup()
        return interruptor;
    }

    /** Unhooks the thread: a later interrupt of it no longer comes here. */
    void leave() {
        end();
    }

    /** One sleep on {@code target} (see {@link WaitTarget#sleep}) that an interrupt ends, between enter() and leave(). */
    void sleep(WaitTarget target, long nanos, long unwokenNanos) {
        // One interrupt that came before wakeup() could see sleepingOn is seen here: no sleep at
        // all. Any later one finds sleepingOn and wakes until this sleep ends. (The native wait
        // asks again only after a wake, so that a slice nobody ends costs no call into Java.)
        sleeps = sleeps + 1;
        sleepingOn = target;
        try {
            if (!owner.isInterrupted()) {
                target.sleep(nanos, unwokenNanos);
            }
        } finally {
            sleepingOn = null;
        }
    }

    /**
     * Called by {@code Thread.interrupt()} in the interrupting thread, after it set the status
     * (on recent JDKs after it let go of the thread's interrupt lock, so possibly once the
     * sleep it was meant for has ended). The sleeper may be between its last look at the status
     * and the kernel's sleep, where a futex wake is lost: so this wakes again, backing off,
     * while that same sleep lasts and the status is still set (a sleeper that threw
     * InterruptedException cleared it: its next sleep is not this interrupt's), for at most
     * {@link #MAX_WAKING_NANOS}. Reading {@code sleeps} before {@code sleepingOn} means a sleep
     * that starts later is not woken: it sees the status.
     */
    @Override
    public Selector wakeup() {
        if (Thread.currentThread() == owner) {
            return this;
        }
        long sleep = sleeps;
        WaitTarget target = sleepingOn;
        long started = System.nanoTime();
        for (int round = 0; target != null && sleepingOn == target && sleeps == sleep && owner.isInterrupted(); round++) {
            target.wakeSleepers();
            if (WAKES_KEPT || System.nanoTime() - started > MAX_WAKING_NANOS) {
                break;
            }
            if (round < 16) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(Math.min(1_000_000L, 10_000L << Math.min(round - 16, 7)));
            }
        }
        return this;
    }

    @Override
    protected void implCloseSelector() {
        // nothing registered, nothing to release
    }

    @Override
    protected SelectionKey register(AbstractSelectableChannel ch, int ops, Object att) {
        throw new UnsupportedOperationException("not a selector");
    }

    @Override
    public Set<SelectionKey> keys() {
        return Collections.emptySet();
    }

    @Override
    public Set<SelectionKey> selectedKeys() {
        return Collections.emptySet();
    }

    @Override
    public int selectNow() {
        throw new UnsupportedOperationException("not a selector");
    }

    @Override
    public int select(long timeout) {
        throw new UnsupportedOperationException("not a selector");
    }

    @Override
    public int select() {
        throw new UnsupportedOperationException("not a selector");
    }
}
