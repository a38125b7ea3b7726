package dev.libsharedmemory;

/**
 * Reports a handle's staleness to {@link LifecycleEvents} once per object it went stale from:
 * the first time {@code isStale()} or its {@link Follower} finds it, until a follow maps a new
 * object ({@link #followed()}).
 */
final class StaleReport {
    final String segment;
    /** The kind of handle, as the lifecycle events name it (LifecycleEvents.QUEUE, ...). */
    final String handle;
    private volatile boolean reported;

    StaleReport(String segment, String handle) {
        this.segment = segment;
        this.handle = handle;
    }

    /** Returns {@code stale}, reporting it if it is the first time for this object. */
    boolean check(boolean stale) {
        if (stale && !reported) {
            reported = true; // two racing first calls may both report: harmless, and cheaper than a CAS
            LifecycleEvents.stale(segment, handle);
        }
        return stale;
    }

    /** The handle maps a new object now: its staleness, when it comes, is news again. */
    void followed() {
        reported = false;
    }
}
