package dev.libsharedmemory;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Soak commands of {@link JvmPeer}, mirroring jni/tools/peer/soak_commands.cpp: long-running
 * producers and writers that a test kills (SIGKILL) and restarts over and over.
 */
final class SoakPeerCommands {
    private static final long LIMIT_NANOS = 60_000_000_000L; // stops by itself after 60 s

    private SoakPeerCommands() {}

    static int run(String command, String[] args) throws IOException, InterruptedException {
        switch (command) {
            case "soak-produce": // NAME ID LOGFILE
                return produce(args[0], args[1], args[2]);
            case "soak-stream-write": // NAME SIZE
                return streamWrite(args[0], Long.parseLong(args[1]));
            default:
                System.err.println("unknown command " + command);
                return 1;
        }
    }

    /**
     * Enqueues "ID:seq" for seq = 0, 1, ... and appends "seq\n" to LOGFILE only after enqueue
     * returned true, one unbuffered write per line (a SIGKILL never loses a logged acknowledgement).
     */
    private static int produce(String name, String id, String logFile) throws IOException, InterruptedException {
        long until = System.nanoTime() + LIMIT_NANOS;
        try (SharedMemoryQueue queue = SharedMemoryQueue.open(name, true);
                FileOutputStream log = new FileOutputStream(logFile, true)) {
            System.out.println("ready");
            System.out.flush();
            for (long seq = 0; System.nanoTime() < until; seq++) {
                byte[] message = (id + ":" + seq).getBytes(StandardCharsets.UTF_8);
                for (int round = 0; !queue.enqueue(message); round++) {
                    if (System.nanoTime() >= until) {
                        return 0;
                    }
                    if (round > 64) {
                        Thread.sleep(0, 100_000);
                    }
                }
                log.write((seq + "\n").getBytes(StandardCharsets.US_ASCII));
            }
        }
        return 0;
    }

    /** Creates the stream and writes self-checking payloads (1..max bytes, all one letter) until killed. */
    private static int streamWrite(String name, long size) {
        long until = System.nanoTime() + LIMIT_NANOS;
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, size, true)) {
            System.out.println("ready");
            System.out.flush();
            int max = (int) out.maxPayloadSize();
            byte[] payload = new byte[max];
            for (int i = 0; System.nanoTime() < until; i++) {
                int length = 1 + (i * 37) % max;
                Arrays.fill(payload, 0, length, (byte) ('a' + i % 26));
                out.write(payload, 0, length);
            }
        }
        return 0;
    }
}
