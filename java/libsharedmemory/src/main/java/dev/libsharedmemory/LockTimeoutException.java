package dev.libsharedmemory;

/** A lock in the segment was not acquired in time; the message names the lock and its holder. */
public class LockTimeoutException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    public LockTimeoutException(String message) {
        super(message);
    }

    /**
     * Thrown by the native library (jni_support.cpp), which hands over the parts of the message
     * for the JFR event {@code dev.libsharedmemory.LockTimeout}: the segment's name as UTF-8,
     * the kind of handle (may be null), the lock's native name, its lock word, the time waited.
     */
    LockTimeoutException(String message, byte[] segment, String handle, String lock, int holderWord, long waitedNanos) {
        super(message);
        LifecycleEvents.lockTimeout(segment, handle, lock, holderWord, waitedNanos);
    }
}
