package dev.libsharedmemory;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** JFR: a call gave up waiting for a lock; committed only by {@link LifecycleRecorder}. */
@Name("dev.libsharedmemory.LockTimeout")
@Label("Lock Timeout")
@Description("A call gave up waiting for a lock of a shared-memory segment and threw LockTimeoutException")
@StackTrace(true)
final class LockTimeoutEvent extends LockEvent {
    @Label("Holder")
    @Description("Who held the lock when the wait ended: a process id, or a process of unknown identity")
    String holder;

    @Label("Waited")
    @Timespan(Timespan.NANOSECONDS)
    long waited;
}
