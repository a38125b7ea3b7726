package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.QueueLayout;
import dev.libsharedmemory.StreamLayout;
import java.util.List;

/**
 * Guesses a segment's kind from its bytes and size (the size is not stored for raw segments,
 * so this is a heuristic):
 * <ul>
 *   <li>queue: 28 + capacity × (4 + maxMessageSize) equals the real size, both non-zero, the
 *       indices below capacity and count at most capacity (checked first: the size equation is
 *       the stronger signal);</li>
 *   <li>stream: at least 20 bytes, a flags byte of one known type bit (2, 4, 8) plus the change
 *       bit, or an all-zero header (never written), and a size field within segment size − 20;</li>
 *   <li>raw: anything else.</li>
 * </ul>
 */
record Probe(Kind kind, StreamHeader stream, QueueHeader queue) {
    static Probe of(SegmentBytes bytes) {
        QueueHeader queue = QueueHeader.read(bytes);
        if (queue != null && queue.problems().isEmpty()) {
            return new Probe(Kind.QUEUE, null, queue);
        }
        StreamHeader stream = StreamHeader.read(bytes);
        if (stream != null && stream.problems().isEmpty()) {
            return new Probe(Kind.STREAM, stream, null);
        }
        return new Probe(Kind.RAW, null, null);
    }

    /**
     * For commands that drive a stream: the stream header, refusing a segment that looks like a
     * queue (some queue headers also pass as stream headers: the size equation decides).
     */
    static StreamHeader expectStream(SegmentBytes bytes) {
        Probe probe = of(bytes);
        if (probe.kind() == Kind.QUEUE) {
            throw LsmException.wrongKind("segment '" + bytes.name() + "' is a queue (" + probe.queue().summary()
                    + "), not a stream");
        }
        return requireStream(bytes);
    }

    /** The stream header, or a wrong-kind error that says why the bytes are not one. */
    static StreamHeader requireStream(SegmentBytes bytes) {
        StreamHeader stream = StreamHeader.read(bytes);
        if (stream == null) {
            throw LsmException.wrongKind("segment '" + bytes.name() + "' is not a stream: its " + bytes.size()
                    + " bytes cannot hold the " + StreamLayout.HEADER_SIZE + "-byte stream header");
        }
        failOn(bytes, "stream", stream.problems());
        return stream;
    }

    /** The queue header, or a wrong-kind error that says why the bytes are not one. */
    static QueueHeader requireQueue(SegmentBytes bytes) {
        QueueHeader queue = QueueHeader.read(bytes);
        if (queue == null) {
            throw LsmException.wrongKind("segment '" + bytes.name() + "' is not a queue: its " + bytes.size()
                    + " bytes cannot hold the " + QueueLayout.HEADER_SIZE + "-byte queue header");
        }
        failOn(bytes, "queue", queue.problems());
        return queue;
    }

    private static void failOn(SegmentBytes bytes, String kind, List<String> problems) {
        if (!problems.isEmpty()) {
            throw LsmException.wrongKind("segment '" + bytes.name() + "' is not a " + kind + " (or its header is corrupt): "
                    + String.join("; ", problems));
        }
    }
}
