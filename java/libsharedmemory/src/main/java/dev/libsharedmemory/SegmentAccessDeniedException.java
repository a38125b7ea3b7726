package dev.libsharedmemory;

/** The operating system refused access to the segment: permissions, or a symbolic link at its name. */
public class SegmentAccessDeniedException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    public SegmentAccessDeniedException(String message) {
        super(message);
    }
}
