package dev.libsharedmemory;

/** An argument the library cannot accept: a bad mode, geometry or option. */
public class InvalidArgumentException extends SharedMemoryException {
    private static final long serialVersionUID = 1L;

    public InvalidArgumentException(String message) {
        super(message);
    }
}
