package dev.libsharedmemory;

/** Reports a handle's staleness to {@link LifecycleEvents} the first time {@code isStale()} finds it. */
final class StaleReport {
    private final String segment;
    private final String handle;
    private volatile boolean reported;

    StaleReport(String segment, String handle) {
        this.segment = segment;
        this.handle = handle;
    }

    /** Returns {@code stale}, reporting it if it is the first time. */
    boolean check(boolean stale) {
        if (stale && !reported) {
            reported = true; // two racing first calls may both report: harmless, and cheaper than a CAS
            LifecycleEvents.stale(segment, handle);
        }
        return stale;
    }
}
