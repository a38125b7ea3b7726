package dev.libsharedmemory;

import java.time.Duration;
import java.util.Objects;

/**
 * How a handle's blocking calls wait for a peer ({@code awaitNewData}, {@code waitForRead},
 * {@code offer}, {@code poll}, {@code put}, {@code take}), in the spirit of Agrona's
 * {@code IdleStrategy}. Set per handle with {@code setWaitStrategy}; immutable and shareable.
 *
 * <ul>
 *   <li>{@link #sleep()} (the default): sleeps in the kernel on the word the peer will change and
 *       is woken by this library's writers, readers, producers and consumers in any process
 *       (Linux: a futex on the shared mapping; Windows: a named semaphore per segment and wait;
 *       macOS 14.4 and later: {@code os_sync_wait_on_address} on the shared mapping).
 *       A peer that wakes nobody (a C++ libsharedmemory process) is noticed within the peer poll
 *       interval: 100 ms until such a peer has shown
 *       itself to the handle (a change that came without a wake-up), 10 ms from then on. An
 *       idle waiter costs one short wake-up per interval; an interrupt, like a {@code close()},
 *       wakes it at once. Where the platform has no cross-process wake-up (macOS before 14.4)
 *       this strategy behaves as {@link #backoff()}.
 *   <li>{@link #backoff()}: spins briefly, then yields, then parks up to 1 ms at a time; needs no
 *       wake-up, wakes up to 1 ms late and costs about 2-3% of a core while idle.
 *   <li>{@link #busySpin()}: never gives the core away: the lowest latency, one core burnt.
 * </ul>
 */
public final class WaitStrategy {
    /** The peer poll interval of {@link #sleep()} until a peer that wakes nobody has shown itself. */
    public static final Duration DEFAULT_PEER_POLL_INTERVAL = Duration.ofMillis(100);
    /** The peer poll interval of {@link #sleep()} once a peer that wakes nobody has shown itself. */
    public static final Duration UNWOKEN_PEER_POLL_INTERVAL = Duration.ofMillis(10);

    private static final int SPIN_BEFORE_SLEEP = 64;

    static {
        SleepInterruptor.load(); // its classes load with the first handle, not in the first sleep
    }

    enum Kind { BUSY_SPIN, BACKOFF, SLEEP }

    private static final WaitStrategy BUSY_SPIN = new WaitStrategy(Kind.BUSY_SPIN, 0L, 0L);
    private static final WaitStrategy BACKOFF = new WaitStrategy(Kind.BACKOFF, 0L, 0L);
    private static final WaitStrategy SLEEP = new WaitStrategy(Kind.SLEEP, DEFAULT_PEER_POLL_INTERVAL.toNanos(),
            UNWOKEN_PEER_POLL_INTERVAL.toNanos());

    final Kind kind;
    /** SLEEP: the longest single sleep, in nanoseconds. */
    final long pollNanos;
    /** SLEEP: the longest single sleep once a peer that wakes nobody has shown itself. */
    final long unwokenPollNanos;

    private WaitStrategy(Kind kind, long pollNanos, long unwokenPollNanos) {
        this.kind = kind;
        this.pollNanos = pollNanos;
        this.unwokenPollNanos = unwokenPollNanos;
    }

    /** Spins on the CPU ({@link Thread#onSpinWait()}) until the condition holds. */
    public static WaitStrategy busySpin() {
        return BUSY_SPIN;
    }

    /** Spins briefly, then yields, then parks with growing pauses of at most 1 ms. */
    public static WaitStrategy backoff() {
        return BACKOFF;
    }

    /**
     * Sleeps until woken, checking every {@link #DEFAULT_PEER_POLL_INTERVAL}, or every
     * {@link #UNWOKEN_PEER_POLL_INTERVAL} once a peer that wakes nobody has shown itself.
     */
    public static WaitStrategy sleep() {
        return SLEEP;
    }

    /**
     * Sleeps until woken, checking at least every {@code peerPollInterval}: the longest delay
     * before a change by a peer that wakes nobody is noticed (an interrupt wakes it at once).
     *
     * @throws IllegalArgumentException the interval is not positive
     */
    public static WaitStrategy sleep(Duration peerPollInterval) {
        Objects.requireNonNull(peerPollInterval, "peerPollInterval");
        if (peerPollInterval.isNegative() || peerPollInterval.isZero()) {
            throw new IllegalArgumentException("peerPollInterval must be positive, was " + peerPollInterval);
        }
        long nanos;
        try {
            nanos = peerPollInterval.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE;
        }
        return new WaitStrategy(Kind.SLEEP, nanos, nanos);
    }

    /** The (longest) peer poll interval of a sleeping strategy; null for the others. */
    public Duration peerPollInterval() {
        return kind == Kind.SLEEP ? Duration.ofNanos(pollNanos) : null;
    }

    /**
     * Waits once before the caller re-checks its condition: false once {@code deadline} (a
     * {@link System#nanoTime()}) has passed. InterruptedException (status cleared) when the
     * thread is interrupted.
     */
    /** True when {@link #pause} sleeps in the kernel (then it wants a {@link SleepInterruptor}). */
    boolean sleepsInKernel() {
        return kind == Kind.SLEEP && WaitNative.SUPPORTED;
    }

    /** {@code interruptor}: the thread's, entered for this wait when {@link #sleepsInKernel()} (else null: not used). */
    boolean pause(int round, long deadline, WaitTarget target, SleepInterruptor interruptor) throws InterruptedException {
        if (kind == Kind.BACKOFF || (kind == Kind.SLEEP && !WaitNative.SUPPORTED)) {
            return Backoff.pause(round, deadline);
        }
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            return false;
        }
        if (kind == Kind.BUSY_SPIN || round < SPIN_BEFORE_SLEEP) {
            Thread.onSpinWait();
        } else {
            interruptor.sleep(target, Math.min(remaining, pollNanos), unwokenPollNanos);
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof WaitStrategy other && kind == other.kind && pollNanos == other.pollNanos
                && unwokenPollNanos == other.unwokenPollNanos;
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Long.hashCode(pollNanos);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case BUSY_SPIN -> "WaitStrategy.busySpin()";
            case BACKOFF -> "WaitStrategy.backoff()";
            case SLEEP -> this == SLEEP ? "WaitStrategy.sleep()" : "WaitStrategy.sleep(" + Duration.ofNanos(pollNanos) + ")";
        };
    }
}
