package dev.libsharedmemory;

import java.nio.charset.StandardCharsets;
import jdk.jfr.EventType;
import jdk.jfr.FlightRecorder;

/**
 * Commits the events of {@link LifecycleEvents}: the one class that calls {@code jdk.jfr}, loaded
 * only when that module is there. Until JFR is initialized (a recording exists) a method only
 * reads {@link FlightRecorder#isInitialized()}; after that, also its event type's enabled flag
 * ({@link Types}); an event object is created only when its type is enabled, and filled only
 * when it is to be committed. Looking an event type up before JFR is initialized would start
 * JFR's machinery (hundreds of milliseconds) in a JVM that records nothing.
 *
 * <p>Take-overs of a dead holder's lock happen in the native core, in a lock wait that may be a
 * critical foreign downcall, which cannot call Java: the core appends each one to a small
 * process-wide log (its cold path only; the uncontended lock never looks at it) and Java drains
 * the log here, at points that are slow anyway: JFR's periodic hook of
 * {@link HolderTakenOverEvent} during a recording, and a handle's open and close. So an event
 * may be committed up to a period after its take-over, whose time it carries in
 * {@code takenOverAt}. The hook is registered at the first open or close once JFR is initialized.
 */
final class LifecycleRecorder {
    private static volatile boolean hookRegistered;

    private LifecycleRecorder() {}

    /** The event types, looked up (and so registered with JFR) once a recording exists. */
    private static final class Types {
        static final EventType LOCK_TIMEOUT = EventType.getEventType(LockTimeoutEvent.class);
        static final EventType FORCED_UNLOCK = EventType.getEventType(ForcedUnlockEvent.class);
        static final EventType STALE = EventType.getEventType(StaleHandleEvent.class);
        static final EventType FOLLOWED = EventType.getEventType(FollowedEvent.class);
        static final EventType TAKEN_OVER = EventType.getEventType(HolderTakenOverEvent.class);
    }

    /** Links this class's use of jdk.jfr (a LinkageError when the module cannot be read). */
    static boolean available() {
        return FlightRecorder.class.getModule().isNamed();
    }

    static void lockTimeout(byte[] segment, String handle, String lock, int holderWord, long waitedNanos) {
        if (!FlightRecorder.isInitialized() || !Types.LOCK_TIMEOUT.isEnabled()) {
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
        if (!FlightRecorder.isInitialized() || !Types.FORCED_UNLOCK.isEnabled()) {
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
        if (!FlightRecorder.isInitialized() || !Types.STALE.isEnabled()) {
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
        if (!FlightRecorder.isInitialized() || !Types.FOLLOWED.isEnabled()) {
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
        if (!FlightRecorder.isInitialized()) {
            return; // no recording yet: the log waits (bounded) for one
        }
        if (!hookRegistered) {
            registerHook();
        }
        if (Types.TAKEN_OVER.isEnabled()) {
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
