package dev.libsharedmemory;

import java.nio.charset.StandardCharsets;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

/**
 * Commits the events of {@link LifecycleEvents}: the one class that calls {@code jdk.jfr}, loaded
 * only when that module is there. An event object is created only when a recording enables its
 * type ({@link EventType#isEnabled()}: one field read), and filled only when it is to be committed.
 *
 * <p>Take-overs of a dead holder's lock happen in the native core, in a lock wait that may be a
 * critical foreign downcall, which cannot call Java: the core appends each one to a small
 * process-wide log (its cold path only; the uncontended lock never looks at it) and Java drains
 * the log here, at points that are slow anyway: JFR's periodic hook of
 * {@link HolderTakenOverEvent} during a recording, and a handle's open and close. So an event
 * may be committed up to a period after its take-over, whose time it carries in
 * {@code takenOverAt}. The hook is registered once JFR is initialized (a recording exists):
 * registering it earlier would start JFR's machinery (hundreds of milliseconds) in every JVM.
 */
final class LifecycleRecorder {
    private static final EventType LOCK_TIMEOUT = EventType.getEventType(LockTimeoutEvent.class);
    private static final EventType FORCED_UNLOCK = EventType.getEventType(ForcedUnlockEvent.class);
    private static final EventType STALE = EventType.getEventType(StaleHandleEvent.class);
    private static final EventType FOLLOWED = EventType.getEventType(FollowedEvent.class);
    private static final EventType TAKEN_OVER = EventType.getEventType(HolderTakenOverEvent.class);

    private static volatile boolean hookRegistered;

    private LifecycleRecorder() {}

    static boolean available() {
        return FlightRecorder.isAvailable();
    }

    static void lockTimeout(byte[] segment, String handle, String lock, int holderWord, long waitedNanos) {
        if (!LOCK_TIMEOUT.isEnabled()) {
            return;
        }
        LockTimeoutEvent event = new LockTimeoutEvent();
        if (event.shouldCommit()) {
            event.segment = new String(segment, StandardCharsets.UTF_8);
            event.handle = handle;
            event.lock = lockName(lock);
            event.holder = LockHolder.of(holderWord).toString();
            event.waited = waitedNanos;
            event.commit();
        }
    }

    static void forcedUnlock(String segment, String handle, String lock, LockHolder replaced) {
        if (!FORCED_UNLOCK.isEnabled()) {
            return;
        }
        ForcedUnlockEvent event = new ForcedUnlockEvent();
        if (event.shouldCommit()) {
            event.segment = segment;
            event.handle = handle;
            event.lock = lock;
            event.replaced = replaced.toString();
            event.commit();
        }
    }

    static void stale(String segment, String handle) {
        if (!STALE.isEnabled()) {
            return;
        }
        StaleHandleEvent event = new StaleHandleEvent();
        if (event.shouldCommit()) {
            event.segment = segment;
            event.handle = handle;
            event.commit();
        }
    }

    static void followed(String segment, String handle, long followCount) {
        if (!FOLLOWED.isEnabled()) {
            return;
        }
        FollowedEvent event = new FollowedEvent();
        if (event.shouldCommit()) {
            event.segment = segment;
            event.handle = handle;
            event.followCount = followCount;
            event.commit();
        }
    }

    static void reportTakeOvers() {
        if (!hookRegistered && FlightRecorder.isInitialized()) {
            registerHook();
        }
        if (TAKEN_OVER.isEnabled()) {
            commitTakeOvers();
        }
    }

    private static synchronized void registerHook() {
        if (!hookRegistered) {
            FlightRecorder.addPeriodicEvent(HolderTakenOverEvent.class, LifecycleRecorder::commitTakeOvers);
            hookRegistered = true;
        }
    }

    /** Drains the native log (only when a take-over is pending) into committed events. */
    private static void commitTakeOvers() {
        for (TakeOverLog.Entry entry : TakeOverLog.drain()) {
            HolderTakenOverEvent event = new HolderTakenOverEvent();
            if (event.shouldCommit()) {
                event.segment = entry.segment();
                event.handle = entry.lock().startsWith("queue") ? LifecycleEvents.QUEUE : "stream";
                event.lock = lockName(entry.lock());
                event.holder = LockHolder.of(entry.holderWord()).toString();
                event.takenOverAt = entry.epochMillis();
                event.commit();
            }
        }
    }

    /** The core's lock names ("stream lock", "queue producer lock") as the events name them: "stream", "producer". */
    static String lockName(String coreName) {
        String name = coreName.startsWith("queue ") ? coreName.substring("queue ".length()) : coreName;
        return name.endsWith(" lock") ? name.substring(0, name.length() - " lock".length()) : name;
    }
}
