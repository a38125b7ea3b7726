package dev.libsharedmemory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The two kinds of stream peer process: the native lsm-peer and a second JVM (JvmPeer). */
enum StreamPeers {
    NATIVE,
    JVM;

    Processes.Result run(String... args) {
        return this == NATIVE ? Processes.peer(args) : Processes.jvm(JvmPeer.class, args);
    }

    Process start(String... args) {
        return this == NATIVE ? Processes.startPeer(args) : Processes.startJvm(JvmPeer.class, args);
    }

    /**
     * Reads one line of a running peer's stdout, byte by byte (no read-ahead, so
     * Processes.finish still gets the rest).
     */
    static String readLine(Process process) {
        try {
            StringBuilder line = new StringBuilder();
            for (int c = process.getInputStream().read(); c != '\n'; c = process.getInputStream().read()) {
                if (c < 0) {
                    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
                    throw new AssertionError("peer ended before a full line (got '" + line + "'): " + err);
                }
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sendLine(Process process, String line) {
        try {
            process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
