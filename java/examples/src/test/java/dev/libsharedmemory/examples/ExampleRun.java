package dev.libsharedmemory.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * An example program running in a process of its own, Java or native, as a user runs it: its
 * output is read line by line while it runs, and it must end within a bounded time.
 */
final class ExampleRun implements AutoCloseable {
    private static final long TIMEOUT_SECONDS = 60;

    private final String what;
    private final Process process;
    private final BufferedReader stdout;
    private final CompletableFuture<String> stderr;
    private final List<String> lines = new ArrayList<>();

    private ExampleRun(List<String> command) {
        this.what = command.toString();
        try {
            this.process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + what, e);
        }
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.stderr = CompletableFuture.supplyAsync(() -> new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)).lines()
                .collect(Collectors.joining("\n")));
    }

    /** Starts {@code main} in a new JVM on this JVM's class path. */
    static ExampleRun java(Class<?> main, String... args) {
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--enable-native-access=ALL-UNNAMED"); // as the README runs them (JDK 17 accepts it too)
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ExampleRun(command);
    }

    /** Starts a native program. */
    static ExampleRun nativeProgram(List<String> command) {
        return new ExampleRun(command);
    }

    /** Starts the native peer, lsm-peer (system property lsm.peer, set by the POM). */
    static ExampleRun peer(String... args) {
        Path peer = Paths.get(System.getProperty("lsm.peer", "lsm-peer"));
        if (!Files.isExecutable(peer) && Files.isExecutable(Paths.get(peer + ".exe"))) {
            peer = Paths.get(peer + ".exe"); // Windows
        }
        List<String> command = new ArrayList<>();
        command.add(peer.toString());
        command.addAll(List.of(args));
        return new ExampleRun(command);
    }

    /** The next line the program prints (waiting for it, bounded by the program's end). */
    String nextLine() {
        try {
            String line = stdout.readLine();
            if (line == null) {
                throw new AssertionError(what + " ended without printing more; printed " + lines
                        + ", stderr: " + stderr.join());
            }
            lines.add(line);
            return line;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits for the program to end successfully and returns every line it printed. */
    List<String> finish() {
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new AssertionError(what + " did not end within " + TIMEOUT_SECONDS + " s; printed " + lines);
            }
            for (String line; (line = stdout.readLine()) != null;) {
                lines.add(line);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
        if (process.exitValue() != 0) {
            throw new AssertionError(what + " exited with " + process.exitValue() + "; printed " + lines
                    + ", stderr: " + stderr.join());
        }
        return lines;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
