package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.InvalidSizeException;
import dev.libsharedmemory.SegmentNotFoundException;
import dev.libsharedmemory.SharedMemoryReadStream;
import dev.libsharedmemory.WaitStrategy;
import java.time.Duration;

/**
 * A stream reader plus a read-only view of the same segment (for the revision, and to notice
 * that the name was re-created: every libsharedmemory writer re-creates the segment when it
 * starts, and a reader left on the old one would never see its writes).
 */
final class StreamSession implements AutoCloseable {
    private static final Duration SLICE = Duration.ofMillis(100);

    /** One payload with the header it was read under. */
    record Snapshot(StreamHeader header, byte[] payload) {}

    private final String name;
    private OpenSegment view;
    private SharedMemoryReadStream reader;
    private boolean toldRemoved;
    private int generation;          // +1 per (re)open: revisions restart with a re-created segment
    private int takenGeneration = -1;
    private long takenRevision = -1;

    private StreamSession(String name) {
        this.name = name;
    }

    /** Opens the stream; a wrong-kind error when the segment is not one. */
    static StreamSession open(String name) {
        StreamSession session = new StreamSession(name);
        session.reopen();
        return session;
    }

    /** Maps the view, then the reader, and retries if the name moved in between (both must see one object). */
    private void reopen() {
        for (int attempt = 0; ; attempt++) {
            closeHandles();
            view = OpenSegment.open(name);
            Probe.expectStream(view.bytes());
            reader = new SharedMemoryReadStream(name, view.bytes().size(), true);
            reader.setWaitStrategy(WaitStrategy.sleep()); // --follow may wait for hours: sleep, woken by the writer
            generation++;
            if (!view.isStale() || attempt == 5) {
                return;
            }
        }
    }

    /** The payload and the header it belongs to (re-read when a write slipped in between). */
    Snapshot snapshot() {
        for (int attempt = 0; ; attempt++) {
            StreamHeader before = Probe.requireStream(view.bytes());
            byte[] payload = reader.readBytes();
            StreamHeader after = Probe.requireStream(view.bytes());
            if ((before.revision() == after.revision() && before.flags() == after.flags()) || attempt == 3) {
                return new Snapshot(after, payload);
            }
        }
    }

    /**
     * Waits for a write, at most {@code timeout} (null: no limit). Follows the name to a
     * re-created segment; a re-created stream that already holds a payload counts as new data.
     */
    boolean awaitNewData(Duration timeout) throws InterruptedException {
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            long slice = Math.min(left, SLICE.toNanos());
            if (reader == null) { // removed: wait for the name to come back
                if (followRecreated()) {
                    if (!Probe.requireStream(view.bytes()).neverWritten()) {
                        return true;
                    }
                    continue; // re-created but not written yet: wait for its first write
                }
                Thread.sleep(slice / 1_000_000, (int) (slice % 1_000_000));
                continue;
            }
            if (reader.awaitNewData(Duration.ofNanos(slice))) {
                return true;
            }
            // Re-created: what it holds is new; if its writer has not written yet, wait for that.
            if (view.isStale() && followRecreated() && !Probe.requireStream(view.bytes()).neverWritten()) {
                return true;
            }
        }
    }

    /** True once the name leads to a stream again. */
    private boolean followRecreated() {
        try {
            reopen();
            if (toldRemoved) {
                Terminal.ERR.println("lsm: stream '" + name + "' is back; following it");
            }
            toldRemoved = false;
            return true;
        } catch (InvalidSizeException e) {
            return false; // the name is back but its creator has not sized it yet: look again
        } catch (SegmentNotFoundException e) {
            if (!toldRemoved) {
                Terminal.ERR.println("lsm: stream '" + name + "' was removed; waiting for it to be created again");
                toldRemoved = true;
            }
            return false;
        }
    }

    /**
     * Acknowledges, then reads: the acknowledgement moves the reader's last-seen revision to the
     * current one before the payload is copied, so a write that lands meanwhile still shows as
     * new data afterwards (acknowledging after the read would swallow it). Null when this revision
     * was already taken (such a write was then read together with the previous one).
     */
    Snapshot takeNew() {
        reader.markAsRead();
        Snapshot snapshot = snapshot();
        if (snapshot.header().revision() == takenRevision && generation == takenGeneration) {
            return null;
        }
        takenRevision = snapshot.header().revision();
        takenGeneration = generation;
        return snapshot;
    }

    private void closeHandles() {
        if (reader != null) {
            reader.close();
            reader = null;
        }
        if (view != null) {
            view.close();
            view = null;
        }
    }

    @Override
    public void close() {
        closeHandles();
    }
}
