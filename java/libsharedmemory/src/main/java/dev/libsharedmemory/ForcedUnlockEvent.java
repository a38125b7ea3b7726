package dev.libsharedmemory;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a lock was released by force; committed only by {@link LifecycleRecorder}. */
@Name("dev.libsharedmemory.ForcedUnlock")
@Label("Forced Unlock")
@Description("A lock of a shared-memory segment was taken away from its holder by forceUnlock, forceUnlockProducers "
        + "or forceUnlockConsumers")
@StackTrace(true)
final class ForcedUnlockEvent extends LockEvent {
    @Label("Replaced")
    @Description("Who held the lock until then: free, a process id, or a process of unknown identity")
    String replaced;
}
