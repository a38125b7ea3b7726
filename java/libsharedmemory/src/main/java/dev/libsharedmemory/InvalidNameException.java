package dev.libsharedmemory;

/** A segment name that is empty, too long for this platform, or holds a path separator, NUL or control character. */
public class InvalidNameException extends InvalidArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidNameException(String message) {
        super(message);
    }
}
