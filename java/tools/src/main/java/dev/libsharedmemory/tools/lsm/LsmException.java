package dev.libsharedmemory.tools.lsm;

/** A failure that lsm reports as one line on stderr and an exit code of {@link ExitCode}. */
final class LsmException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    LsmException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }

    static LsmException wrongKind(String message) {
        return new LsmException(ExitCode.WRONG_KIND, message);
    }

    static LsmException usage(String message) {
        return new LsmException(ExitCode.USAGE, message);
    }
}
