package dev.libsharedmemory;

/** A payload or message larger than the segment allows; nothing was written. */
public class MessageTooLargeException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    public MessageTooLargeException(String message) {
        super(message);
    }
}
