package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the other side of cross-process tests: the native peer (lsm-peer) or a second JVM.
 * Public: the tests of java/tools use it too, through this module's test-jar.
 */
public final class Processes {
    private static final long TIMEOUT_SECONDS = 120;

    private Processes() {}

    /** The result of a finished process. */
    public record Result(int exitCode, byte[] stdout, String stderr) {
        public String out() {
            return new String(stdout, StandardCharsets.UTF_8);
        }

        public Result assertSuccess() {
            assertEquals(0, exitCode, () -> "exit code " + exitCode + ", stderr: " + stderr + ", stdout: " + out());
            return this;
        }
    }

    /** Path of the native peer built by CMake (system property lsm.peer, set by the POM). */
    public static Path peerExecutable() {
        String path = System.getProperty("lsm.peer");
        if (path == null) {
            throw new IllegalStateException("system property lsm.peer (the lsm-peer executable) is not set");
        }
        Path peer = Paths.get(path);
        if (!Files.isExecutable(peer) && Files.isExecutable(Paths.get(path + ".exe"))) {
            peer = Paths.get(path + ".exe"); // Windows
        }
        if (!Files.isExecutable(peer)) {
            throw new IllegalStateException("lsm-peer not found at " + peer);
        }
        return peer;
    }

    public static Result peer(String... args) {
        List<String> command = new ArrayList<>();
        command.add(peerExecutable().toString());
        command.addAll(Arrays.asList(args));
        return run(command);
    }

    /** Starts the native peer without waiting (for long-running peers). */
    public static Process startPeer(String... args) {
        List<String> command = new ArrayList<>();
        command.add(peerExecutable().toString());
        command.addAll(Arrays.asList(args));
        return start(command);
    }

    /**
     * The java launcher for child JVMs: system property lsm.test.java when set (a wrapper, e.g.
     * the qemu one of scripts/test-aarch64.sh), else this JVM's own.
     */
    public static String javaLauncher() {
        String launcher = System.getProperty("lsm.test.java");
        return launcher != null && !launcher.isEmpty()
                ? launcher
                : Paths.get(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The command that runs {@code mainClass} in a new JVM with this JVM's class path. */
    public static List<String> jvmCommand(Class<?> mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(javaLauncher());
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=ALL-UNNAMED");
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        String libraryPath = System.getProperty(NativeLibrary.LIBRARY_PATH_PROPERTY);
        if (libraryPath != null) {
            command.add("-D" + NativeLibrary.LIBRARY_PATH_PROPERTY + "=" + libraryPath);
        }
        command.add(mainClass.getName());
        command.addAll(Arrays.asList(args));
        return command;
    }

    /**
     * Rewrites a JVM command so that another user can run it: JARs on the class path (which may
     * sit in a private ~/.m2) are copied to a world-readable temporary directory.
     */
    public static List<String> readableByAll(List<String> command) {
        int cp = command.indexOf("-cp") + 1;
        List<String> rewritten = new ArrayList<>(command);
        try {
            Path dir = Files.createTempDirectory("lsm-cp");
            dir.toFile().setReadable(true, false);
            dir.toFile().setExecutable(true, false);
            dir.toFile().deleteOnExit();
            List<String> entries = new ArrayList<>();
            for (String entry : command.get(cp).split(java.io.File.pathSeparator)) {
                Path path = Paths.get(entry);
                if (entry.endsWith(".jar") && Files.isRegularFile(path)) {
                    Path copy = dir.resolve(path.getFileName());
                    Files.copy(path, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    copy.toFile().setReadable(true, false);
                    copy.toFile().deleteOnExit();
                    entries.add(copy.toString());
                } else {
                    entries.add(entry);
                }
            }
            rewritten.set(cp, String.join(java.io.File.pathSeparator, entries));
            return rewritten;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Result jvm(Class<?> mainClass, String... args) {
        return run(jvmCommand(mainClass, args));
    }

    public static Process startJvm(Class<?> mainClass, String... args) {
        return start(jvmCommand(mainClass, args));
    }

    public static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    public static Result run(List<String> command) {
        return finish(start(command), command.toString());
    }

    /** Waits for a started process (bounded) and collects its output. */
    public static Result finish(Process process, String what) {
        return finish(process, what, TIMEOUT_SECONDS);
    }

    /** As {@link #finish(Process, String)}, failing after {@code timeoutSeconds}. */
    public static Result finish(Process process, String what, long timeoutSeconds) {
        CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
        try {
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError(what + " did not finish within " + timeoutSeconds + " s; stdout: "
                        + new String(out.join(), StandardCharsets.UTF_8) + ", stderr: "
                        + new String(err.join(), StandardCharsets.UTF_8));
            }
            return new Result(process.exitValue(), out.join(), new String(err.join(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
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
