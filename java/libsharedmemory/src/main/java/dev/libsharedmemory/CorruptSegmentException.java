package dev.libsharedmemory;

/** A header field read from shared memory does not fit the segment: a peer is broken or hostile. Nothing outside the segment was read or written. */
public class CorruptSegmentException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    public CorruptSegmentException(String message) {
        super(message);
    }
}
