package dev.libsharedmemory;

import jdk.jfr.Description;
import jdk.jfr.Label;

/** A {@link LifecycleEvent} about one of the segment's locks. */
abstract class LockEvent extends LifecycleEvent {
    @Label("Lock")
    @Description("stream, producer or consumer")
    String lock;
}
