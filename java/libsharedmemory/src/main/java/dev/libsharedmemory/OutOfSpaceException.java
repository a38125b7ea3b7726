package dev.libsharedmemory;

/** The operating system cannot back a segment of that size (for example /dev/shm is full). */
public class OutOfSpaceException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    public OutOfSpaceException(String message) {
        super(message);
    }
}
