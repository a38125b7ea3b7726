package dev.libsharedmemory;

/**
 * The thread was interrupted ({@link Thread#interrupt()}) while it waited for a lock in the
 * segment (one held by another process): the operation did not happen, and the thread's
 * interrupt status is still set, as with {@link java.nio.channels.ClosedByInterruptException},
 * so code further up sees it. Only a wait is interrupted: a call that gets its lock without
 * waiting is not.
 */
public class LockWaitInterruptedException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    public LockWaitInterruptedException(String message) {
        super(message);
    }
}
