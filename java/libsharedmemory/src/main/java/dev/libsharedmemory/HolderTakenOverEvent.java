package dev.libsharedmemory;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timestamp;

/**
 * JFR: a lock whose holder died (or was unlocked by force) was taken over. The native core
 * notes each take-over as it happens; this event is committed later, when Java drains that
 * log (see {@link LifecycleRecorder}), so {@code takenOverAt} says when it happened. Periodic:
 * its period is how often the log is drained during a recording.
 */
@Name("dev.libsharedmemory.HolderTakenOver")
@Label("Dead Lock Holder Taken Over")
@Description("A lock of a shared-memory segment held by a process that died, or unlocked by force, was taken over "
        + "by this process, which repaired what the holder may have left half-done")
@Period("1 s")
@StackTrace(false)
final class HolderTakenOverEvent extends LockEvent {
    @Label("Holder")
    @Description("The holder that was gone: a process id, or nobody when the lock had been unlocked by force")
    String holder;

    @Label("Taken Over At")
    @Timestamp(Timestamp.MILLISECONDS_SINCE_EPOCH)
    long takenOverAt;
}
