package dev.libsharedmemory;

import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** JFR: a handle's name no longer leads to its segment; committed only by {@link LifecycleRecorder}. */
@Name("dev.libsharedmemory.StaleHandle")
@Label("Stale Handle")
@Description("A handle found that its segment's name now leads to another segment (re-created) or to none (removed); "
        + "reported once per handle and segment it went stale from")
@StackTrace(true)
final class StaleHandleEvent extends LifecycleEvent {}
