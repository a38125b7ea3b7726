package dev.libsharedmemory;

/** A size that is not positive, does not fit the platform, or exceeds the existing segment. */
public class InvalidSizeException extends InvalidArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidSizeException(String message) {
        super(message);
    }
}
