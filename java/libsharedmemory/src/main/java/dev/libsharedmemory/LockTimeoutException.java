package dev.libsharedmemory;

/** A lock in the segment was not acquired in time; the message names the lock and its holder. */
public class LockTimeoutException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    public LockTimeoutException(String message) {
        super(message);
    }
}
