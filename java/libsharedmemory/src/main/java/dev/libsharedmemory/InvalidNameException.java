package dev.libsharedmemory;

/**
 * A segment name that is empty, too long for this platform, or holds a path separator, NUL, a control character
 * (C0, DEL or C1) or an unpaired surrogate.
 */
public class InvalidNameException extends InvalidArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidNameException(String message) {
        super(message);
    }
}
