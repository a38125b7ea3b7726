package dev.libsharedmemory;

/**
 * The root of every exception this library throws (unchecked). Subclasses name the kind of
 * failure; the message names the segment and, where the OS refused, its reason.
 */
public class SharedMemoryException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SharedMemoryException(String message) {
        super(message);
    }

    public SharedMemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
