package dev.libsharedmemory;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a following handle moved to a re-created segment; committed only by {@link LifecycleRecorder}. */
@Name("dev.libsharedmemory.Followed")
@Label("Followed Re-created Segment")
@Description("A following handle found its segment's name leading to a new segment (a restarted writer) and "
        + "mapped it")
@StackTrace(false)
final class FollowedEvent extends LifecycleEvent {
    @Label("Follow Count")
    @Description("How many times this handle has followed, this time included")
    long followCount;
}
