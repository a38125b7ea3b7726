package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process that stopped in the middle of an operation with a lock held, to be killed.
 * Public: the tests of java/tools use it too, through this module's test-jar.
 */
public final class HeldLocks {
    private HeldLocks() {}

    /** Runs lsm-peer ARGS and returns once it printed "holding": the lines before it and the process. */
    public record Held(Process process, List<String> linesBefore) {
        /** SIGKILL (on POSIX), then waits until the process is gone. */
        public void kill() throws InterruptedException {
            process.destroyForcibly();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the killed peer did not exit");
        }
    }

    public static Held peerHolding(String... args) throws Exception {
        Process process = Processes.startPeer(args);
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> {
            List<String> before = new ArrayList<>();
            try {
                for (String line; (line = out.readLine()) != null;) {
                    if (line.equals("holding")) {
                        return before;
                    }
                    before.add(line);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw new IllegalStateException("the peer ended without holding: " + before);
        });
        try {
            return new Held(process, lines.get(30, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            throw new AssertionError("peer " + String.join(" ", args) + " did not hold a lock: " + err, e);
        }
    }
}
