package dev.libsharedmemory;

import java.util.Optional;

/**
 * The library's JFR events (lock timeout, dead holder taken over, forced unlock, stale handle,
 * followed segment), reported here and nowhere else. Without the {@code jdk.jfr} module (a
 * jlinked runtime, {@code --limit-modules}) every method does nothing: this class names no
 * {@code jdk.jfr} type, and {@link LifecycleRecorder}, which does, is never loaded. With it,
 * a method reads whether JFR is initialized, then whether the event is enabled, and creates an
 * event only for a recording that asks for it. Every caller is already on a slow path (an
 * exception, a forced unlock, a file-system check, a handle's open or close).
 */
final class LifecycleEvents {
    static final String SEGMENT = "segment";
    static final String STREAM_WRITER = "stream writer";
    static final String STREAM_READER = "stream reader";
    static final String QUEUE = "queue";

    /** The module is optional ({@code requires static}): present and readable, or no events at all. */
    private static final boolean RECORDABLE = jfrReadable();

    private LifecycleEvents() {}

    /**
     * A call threw LockTimeoutException: {@code segment} is the name's UTF-8 bytes, {@code lock}
     * the core's name of it ("queue producer lock"), {@code holderWord} its word when the wait gave up.
     */
    static void lockTimeout(byte[] segment, String handle, String lock, int holderWord, long waitedNanos) {
        if (RECORDABLE) {
            LifecycleRecorder.lockTimeout(segment, handle, lock, holderWord, waitedNanos);
        }
    }

    /** A forced unlock of {@code lock} ("stream", "producer", "consumer") replaced {@code replaced}. */
    static void forcedUnlock(String segment, String handle, String lock, LockHolder replaced) {
        if (RECORDABLE) {
            LifecycleRecorder.forcedUnlock(segment, handle, lock, replaced);
        }
    }

    /** A handle learnt that its name leads elsewhere or nowhere; StaleReport reports it once per old object. */
    static void stale(String segment, String handle) {
        if (RECORDABLE) {
            LifecycleRecorder.stale(segment, handle);
        }
    }

    /** As {@link #stale(String, String)}, for a handle of unnamed kind. */
    static void stale(String segment) {
        stale(segment, null);
    }

    /** A following handle mapped the segment its name now leads to, for the {@code followCount}-th time. */
    static void followed(String segment, String handle, long followCount) {
        if (RECORDABLE) {
            LifecycleRecorder.followed(segment, handle, followCount);
        }
    }

    /** As {@link #followed(String, String, long)}, for a handle of unnamed kind. */
    static void followed(String segment, long followCount) {
        followed(segment, null, followCount);
    }

    /**
     * At a handle's open and close (slow already): reports the take-overs the native core noted,
     * if a recording asks for them, and from the first time a recording exists, has JFR drain
     * them periodically.
     */
    static void reportTakeOvers() {
        if (RECORDABLE) {
            LifecycleRecorder.reportTakeOvers();
        }
    }

    private static boolean jfrReadable() {
        Module self = LifecycleEvents.class.getModule();
        ModuleLayer layer = self.getLayer() != null ? self.getLayer() : ModuleLayer.boot();
        Optional<Module> jfr = layer.findModule("jdk.jfr");
        if (jfr.isEmpty()) {
            return false;
        }
        if (!self.canRead(jfr.get())) {
            self.addReads(jfr.get()); // resolved for someone else: requires static does not read it then
        }
        try {
            return LifecycleRecorder.available();
        } catch (LinkageError | RuntimeException unusable) {
            return false;
        }
    }
}
