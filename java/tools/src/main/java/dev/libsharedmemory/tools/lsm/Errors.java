package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.CorruptSegmentException;
import dev.libsharedmemory.InvalidArgumentException;
import dev.libsharedmemory.InvalidNameException;
import dev.libsharedmemory.InvalidSizeException;
import dev.libsharedmemory.LockTimeoutException;
import dev.libsharedmemory.MessageTooLargeException;
import dev.libsharedmemory.OutOfSpaceException;
import dev.libsharedmemory.SegmentAccessDeniedException;
import dev.libsharedmemory.SegmentNotFoundException;
import dev.libsharedmemory.SharedMemoryException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line on stderr ({@code lsm: <message>}) and an exit code of
 * {@link ExitCode}; a stack trace only with {@code LSM_DEBUG=1}, for bug reports.
 */
final class Errors implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        return report(e);
    }

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        String unknown = unknownCommand(e);
        if (unknown != null) {
            Terminal.ERR.println("lsm: unknown command '" + unknown + "'");
            Terminal.ERR.println("Commands: " + String.join(", ", commandNames(command))
                    + ". Try 'lsm COMMAND --help' for one of them.");
            return ExitCode.USAGE;
        }
        Terminal.ERR.println("lsm: " + e.getMessage());
        Terminal.ERR.println("Try '" + command.getCommandSpec().qualifiedName() + " --help' for more information.");
        return ExitCode.USAGE;
    }

    /** The first word of {@code lsm WORD ...} when it names no command (picocli calls it an unmatched argument). */
    private static String unknownCommand(ParameterException e) {
        if (e instanceof UnmatchedArgumentException unmatched && e.getCommandLine().getParent() == null) {
            List<String> words = unmatched.getUnmatched();
            if (!words.isEmpty() && !words.get(0).startsWith("-")) {
                return words.get(0);
            }
        }
        return null;
    }

    /** The names of lsm's commands, aliases left out, in the order of --help. */
    private static Set<String> commandNames(CommandLine lsm) {
        Set<String> names = new LinkedHashSet<>();
        lsm.getSubcommands().values().forEach(sub -> names.add(sub.getCommandName()));
        return names;
    }

    /** Prints the message of {@code e} and returns its exit code. */
    static int report(Throwable e) {
        int code = exitCodeOf(e);
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (code == ExitCode.INTERNAL) {
            message = "internal error: " + e + " (please report it; LSM_DEBUG=1 shows the stack trace)";
        } else if (e instanceof InternalError) {
            message = "the segment shrank or vanished while it was being read (" + message + ")";
        }
        Terminal.ERR.println("lsm: " + message);
        if ("1".equals(System.getenv("LSM_DEBUG"))) {
            e.printStackTrace(Terminal.ERR);
        }
        return code;
    }

    static int exitCodeOf(Throwable e) {
        if (e instanceof LsmException lsm) {
            return lsm.exitCode();
        }
        if (e instanceof InvalidNameException || e instanceof InvalidSizeException
                || e instanceof InvalidArgumentException) {
            return ExitCode.USAGE;
        }
        if (e instanceof SegmentNotFoundException) {
            return ExitCode.NOT_FOUND;
        }
        if (e instanceof SegmentAccessDeniedException) {
            return ExitCode.ACCESS_DENIED;
        }
        if (e instanceof CorruptSegmentException) {
            return ExitCode.WRONG_KIND;
        }
        if (e instanceof LockTimeoutException) {
            return ExitCode.TIMEOUT;
        }
        if (e instanceof OutOfSpaceException || e instanceof MessageTooLargeException) {
            return ExitCode.NO_ROOM;
        }
        if (e instanceof SharedMemoryException || e instanceof java.io.IOException
                || e instanceof java.io.UncheckedIOException || e instanceof InternalError) {
            // InternalError: a SIGBUS turned into an exception when a mapped object shrank under us.
            return ExitCode.IO;
        }
        return ExitCode.INTERNAL;
    }

    private Errors() {}

    static Errors handler() {
        return new Errors();
    }
}
