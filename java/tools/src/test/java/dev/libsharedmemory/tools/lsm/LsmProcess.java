package dev.libsharedmemory.tools.lsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.libsharedmemory.Processes;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs lsm as a user would, in its own JVM, and the native peer, through the library's test kit
 * ({@link Processes}); adds what lsm's tests check on every run: the exit code, and that a
 * failure is one clean message.
 */
final class LsmProcess {
    private LsmProcess() {}

    /** A finished process, its output decoded. */
    record Result(int exitCode, String out, String err) {
        static Result of(Processes.Result result) {
            return new Result(result.exitCode(), result.out(), result.stderr());
        }

        Result assertExit(int expected) {
            assertEquals(expected, exitCode, () -> "exit code " + exitCode + "\nstdout: " + out + "\nstderr: " + err);
            if (expected != 0) {
                // Every failure is one clean message, never a stack trace.
                assertFalse(err.contains("\tat ") || err.contains("Exception"), () -> "stack trace on stderr: " + err);
            }
            return this;
        }

        Result assertOk() {
            return assertExit(0);
        }
    }

    /** {@code java -cp <test class path> dev.libsharedmemory.tools.lsm.Lsm args...} */
    static List<String> command(String... args) {
        return Processes.jvmCommand(Lsm.class, args);
    }

    static Result lsm(String... args) {
        return run(command(args));
    }

    static Process start(String... args) {
        return Processes.start(command(args));
    }

    /** Runs the native peer (system property lsm.peer). */
    static Result peer(String... args) {
        return Result.of(Processes.peer(args));
    }

    static Result run(List<String> command) {
        return Result.of(Processes.run(command));
    }

    static Result finish(Process process, String what) {
        return Result.of(Processes.finish(process, what));
    }

    /** The command run as user nobody (setpriv), its JARs copied where nobody can read them. */
    static List<String> asNobody(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        wrapped.addAll(Processes.readableByAll(command));
        return wrapped;
    }
}
