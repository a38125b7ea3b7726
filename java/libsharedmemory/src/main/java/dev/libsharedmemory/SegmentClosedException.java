package dev.libsharedmemory;

/** The handle was closed; no further operation is possible on it. */
public class SegmentClosedException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    public SegmentClosedException(String message) {
        super(message);
    }
}
