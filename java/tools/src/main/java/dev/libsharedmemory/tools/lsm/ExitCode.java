package dev.libsharedmemory.tools.lsm;

/** The exit codes of {@code lsm}: one per kind of failure, so that scripts can tell them apart. */
final class ExitCode {
    static final int OK = 0;
    /** Bad command line: unknown command or option, missing or invalid argument, invalid name or size. */
    static final int USAGE = 1;
    /** No segment of that name. */
    static final int NOT_FOUND = 2;
    /** The OS refused access (permissions). */
    static final int ACCESS_DENIED = 3;
    /** The segment is not of the kind the command needs, or its header is corrupt. */
    static final int WRONG_KIND = 4;
    /** Nothing arrived within --timeout, the queue is empty, or a lock stayed held too long. */
    static final int TIMEOUT = 5;
    /** No room: the queue is full, the message or payload is too large, or the OS is out of space. */
    static final int NO_ROOM = 6;
    /** The name is taken (create without --force). */
    static final int EXISTS = 7;
    /** Any other OS or I/O failure (a file that cannot be read, listing unsupported here, ...). */
    static final int IO = 8;
    /** A bug in lsm or the library: please report it with the message. */
    static final int INTERNAL = 9;
    /** lsm unlock refused a lock: its holder is running, or of unknown identity without --force-unknown. */
    static final int HELD = 10;

    /** The table shown by {@code lsm --help}. */
    static final String HELP_TABLE = "Exit codes:%n"
            + "  0  ok%n"
            + "  1  usage: bad command line, invalid name, size or argument%n"
            + "  2  not found: no segment of that name%n"
            + "  3  access denied%n"
            + "  4  wrong kind: not a stream / queue, or a corrupt header%n"
            + "  5  timeout: nothing within --timeout, queue empty, lock held too long%n"
            + "  6  no room: queue full, message or payload too large, out of space%n"
            + "  7  exists: the name is taken (use --force to replace)%n"
            + "  8  I/O or OS error%n"
            + "  9  internal error (a bug: please report it)%n"
            + " 10  held: lsm unlock refused a lock whose holder runs or is unknown";

    private ExitCode() {}
}
