package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryQueue;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts and stops the other process of a cross-process scenario: a second JVM or lsm-bench. */
final class Peer implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;

    private Peer(List<String> command) {
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            if (!"ready".equals(line)) {
                process.destroyForcibly();
                throw new IllegalStateException("peer " + command + " did not start (said " + line + ")");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start peer " + command, e);
        }
    }

    /** A second JVM running {@link BenchPeer} from this JVM's class path. */
    static Peer jvm(String... args) {
        List<String> command = new ArrayList<>();
        command.add(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
        // The peer JVM takes the same route as this one (foreign downcalls or JNI).
        for (String flag : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--enable-native-access") || flag.startsWith("-Dlibsharedmemory.")) {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(BenchPeer.class.getName());
        command.addAll(List.of(args));
        return new Peer(command);
    }

    /** The native benchmark's peer: "lsm-bench peer ARGS" (-Dlsm.bench.native, set by scripts/bench.sh). */
    static Peer nativePeer(String... args) {
        return new Peer(nativeCommand(args));
    }

    /** True when "lsm-bench peer ARGS" exits with status 0 (a question, such as has-native-wait). */
    static boolean nativeSays(String... args) {
        try {
            Process question = new ProcessBuilder(nativeCommand(args)).redirectErrorStream(true).start();
            question.getInputStream().transferTo(OutputStream.nullOutputStream());
            return question.waitFor() == 0;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + nativeCommand(args), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static List<String> nativeCommand(String... args) {
        String bench = System.getProperty("lsm.bench.native", "target/cmake/jni/bench/lsm-bench");
        if (!new File(bench).canExecute()) {
            throw new IllegalStateException("lsm-bench not found at " + bench + " (set -Dlsm.bench.native)");
        }
        List<String> command = new ArrayList<>(List.of(bench, "peer"));
        command.addAll(List.of(args));
        return command;
    }

    /** The peer's next line on stdout after "ready" (its result); fails when it exited without one. */
    String readLine() {
        try {
            String line = out.readLine();
            if (line == null) {
                throw new IllegalStateException("the peer exited without a result");
            }
            return line;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the peer's result", e);
        }
    }

    /** Sends the stop message (an empty one) on {@code queue} and waits for the peer to exit. */
    void stop(SharedMemoryQueue queue) {
        ByteBuffer empty = ByteBuffer.allocateDirect(0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        long since = 0;
        for (int round = 0; !queue.enqueue(empty) && System.nanoTime() < deadline; round++) {
            since = Spin.pause(round, since);
        }
        close();
    }

    @Override
    public void close() {
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
