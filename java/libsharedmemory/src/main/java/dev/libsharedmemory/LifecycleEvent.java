package dev.libsharedmemory;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;

/** What every JFR event of {@link LifecycleRecorder} names: the segment and the kind of handle. */
@Category({"libsharedmemory"})
abstract class LifecycleEvent extends jdk.jfr.Event {
    @Label("Segment")
    String segment;

    @Label("Handle")
    @Description("segment, stream writer, stream reader or queue; stream for a take-over, which a stream's writer "
            + "and readers share")
    String handle;
}
