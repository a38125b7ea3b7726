package dev.libsharedmemory;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongToIntFunction;

/**
 * Following a re-created segment for one read stream or queue handle (opt-in, off by default):
 * asks the native side (lsm::follow_recreated, jni/core/include/lsm/follow.hpp) whether the name
 * now leads to another object and, if so, to map it; counts the follows and reports them.
 *
 * <p>A check opens the name (POSIX shm_open + fstat + close, a few microseconds), so callers
 * ask only where a call found nothing new, and this class lets at most one check per
 * {@link #CHECK_INTERVAL_NANOS} through per handle (System.nanoTime, on the idle path only).
 * Threads racing past the limit at once both check: harmless, the native side serializes them.
 */
final class Follower {
    /** At most one check of the name per handle per millisecond. */
    static final long CHECK_INTERVAL_NANOS = 1_000_000L;

    // lsm::FollowResult
    private static final int PENDING = 1;
    private static final int FOLLOWED = 2;

    /** The handle's, shared with its {@code isStale()}: one StaleHandle event per old object. */
    private final StaleReport staleReport;
    /** The native follow of this kind of handle (a static method: nothing captured, nothing allocated). */
    private final LongToIntFunction nativeFollow;
    private volatile boolean enabled;
    private volatile long nextCheck;
    private final AtomicLong count = new AtomicLong();
    private volatile Instant lastFollowed;

    Follower(StaleReport staleReport, LongToIntFunction nativeFollow) {
        this.staleReport = staleReport;
        this.nativeFollow = nativeFollow;
        this.nextCheck = System.nanoTime(); // due at once (nanoTime may be negative: never compare with 0)
    }

    void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    boolean isEnabled() {
        return enabled;
    }

    long count() {
        return count.get();
    }

    Optional<Instant> lastFollowed() {
        return Optional.ofNullable(lastFollowed);
    }

    /**
     * When enabled and due: checks the name of {@code handle} and follows a re-created object.
     * True when the handle now maps a new object (the caller refreshes what it caches of it).
     */
    boolean followIfDue(long handle) {
        if (!enabled) {
            return false;
        }
        long now = System.nanoTime();
        if (now - nextCheck < 0) {
            return false;
        }
        nextCheck = now + CHECK_INTERVAL_NANOS;
        int result = nativeFollow.applyAsInt(handle);
        staleReport.check(result == PENDING || result == FOLLOWED);
        if (result != FOLLOWED) {
            return false;
        }
        staleReport.followed();
        lastFollowed = Instant.now(); // before the count: a count above 0 comes with a time
        LifecycleEvents.followed(staleReport.segment, staleReport.handle, count.incrementAndGet());
        return true;
    }
}
