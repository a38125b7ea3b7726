package dev.libsharedmemory.tools.lsm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs lsm as a subprocess (java -cp ... Lsm) and the native peer (lsm-peer), as a user would. */
final class LsmProcess {
    private static final long TIMEOUT_SECONDS = 120;

    private LsmProcess() {}

    /** A finished process. */
    record Result(int exitCode, String out, String err) {
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
        List<String> command = new ArrayList<>();
        // lsm.test.java: a launcher for another architecture's JVM (scripts/test-aarch64.sh).
        String launcher = System.getProperty("lsm.test.java", "");
        command.add(launcher.isEmpty() ? Paths.get(System.getProperty("java.home"), "bin", "java").toString() : launcher);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Lsm.class.getName());
        command.addAll(Arrays.asList(args));
        return command;
    }

    static Result lsm(String... args) {
        return run(command(args));
    }

    static Process start(String... args) {
        return start(command(args));
    }

    /** Runs the native peer (system property lsm.peer). */
    static Result peer(String... args) {
        String path = System.getProperty("lsm.peer");
        if (path == null || !Files.isExecutable(Paths.get(path))) {
            throw new IllegalStateException("the native peer (system property lsm.peer) is missing: " + path);
        }
        List<String> command = new ArrayList<>();
        command.add(path);
        command.addAll(Arrays.asList(args));
        return run(command);
    }

    static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    static Result run(List<String> command) {
        return finish(start(command), command.toString());
    }

    /** Waits (bounded) for a started process and collects its output. */
    static Result finish(Process process, String what) {
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(what + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), new String(out.join(), StandardCharsets.UTF_8),
                    new String(err.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    /** The command run as user nobody (setpriv), its JARs copied where nobody can read them. */
    static List<String> asNobody(List<String> command) {
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        List<String> rewritten = new ArrayList<>(command);
        int cp = rewritten.indexOf("-cp") + 1;
        try {
            Path dir = Files.createTempDirectory("lsm-cp");
            dir.toFile().setReadable(true, false);
            dir.toFile().setExecutable(true, false);
            List<String> entries = new ArrayList<>();
            for (String entry : rewritten.get(cp).split(File.pathSeparator)) {
                Path path = Paths.get(entry);
                if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                    Path copy = dir.resolve(path.getFileName());
                    Files.copy(path, copy, StandardCopyOption.REPLACE_EXISTING);
                    copy.toFile().setReadable(true, false);
                    copy.toFile().deleteOnExit();
                    entries.add(copy.toString());
                } else {
                    entries.add(entry);
                }
            }
            dir.toFile().deleteOnExit();
            rewritten.set(cp, String.join(File.pathSeparator, entries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        wrapped.addAll(rewritten);
        return wrapped;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            return bytes.toByteArray();
        } catch (IOException e) {
            return new byte[0];
        }
    }
}
