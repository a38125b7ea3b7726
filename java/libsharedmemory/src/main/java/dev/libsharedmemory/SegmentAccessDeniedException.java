package dev.libsharedmemory;

/** The operating system refused access to the segment (permissions). */
public class SegmentAccessDeniedException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    public SegmentAccessDeniedException(String message) {
        super(message);
    }
}
