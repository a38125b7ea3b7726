package dev.libsharedmemory;

/** No shared memory segment of that name exists. */
public class SegmentNotFoundException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    public SegmentNotFoundException(String message) {
        super(message);
    }
}
