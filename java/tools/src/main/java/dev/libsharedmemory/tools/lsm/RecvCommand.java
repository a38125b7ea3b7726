package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.SharedMemoryQueue;
import dev.libsharedmemory.WaitStrategy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lsm recv QUEUE [--follow]}: dequeues and prints messages, one a line. */
@Command(name = "recv", mixinStandardHelpOptions = true,
        description = {"Dequeues a message from a queue and prints it (one a line). With --follow, keeps receiving "
                + "each message as it comes, following the name when a producer re-creates the queue."},
        footer = {"", "Exit codes: see lsm --help (4 not a queue, 5 empty, or nothing within --timeout)."})
final class RecvCommand implements Callable<Integer> {
    private static final Duration FOREVER_SLICE = Duration.ofSeconds(1);

    @Parameters(paramLabel = "QUEUE", description = "Queue name.")
    String name;

    @Option(names = {"-f", "--follow"}, description = "Keep receiving messages as they come.")
    boolean follow;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Receive N messages, then stop (default 1, or no limit with --follow).")
    Integer count;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "Wait at most this long for each message (default: not at all, or forever with --follow); "
                    + "exit 5 if none came (with --follow: if none came at all).")
    Duration timeout;

    @Option(names = "--peek", description = "Show the head message without removing it.")
    boolean peek;

    @Option(names = "--json", description = "One JSON object a line: length, text, hex.")
    boolean json;

    @Option(names = "--raw", description = "The message bytes exactly, no newline added.")
    boolean raw;

    @Override
    public Integer call() throws InterruptedException {
        if (count != null && count < 1) {
            throw LsmException.usage("--count must be at least 1");
        }
        if (peek && (follow || (count != null && count > 1))) {
            throw LsmException.usage("--peek shows one message: it does not go with --follow or --count");
        }
        int limit = count != null ? count : follow ? Integer.MAX_VALUE : 1;
        int received = 0;
        try (SharedMemoryQueue queue = QueueSession.open(name)) {
            queue.setFollowRecreated(follow); // a producer that restarts re-creates the queue
            queue.setWaitStrategy(WaitStrategy.sleep()); // --follow may wait for hours: sleep, woken by producers
            while (received < limit) {
                byte[] message = next(queue);
                if (message == null) {
                    if (follow && received > 0) {
                        return ExitCode.OK;
                    }
                    throw new LsmException(ExitCode.TIMEOUT, "queue '" + name + "' is empty"
                            + (timeout == null ? "" : ": nothing came within " + timeout.toMillis() + " ms"));
                }
                print(message);
                received++;
            }
        }
        return ExitCode.OK;
    }

    /** The next message, or null when none came in time. */
    private byte[] next(SharedMemoryQueue queue) throws InterruptedException {
        if (peek) {
            byte[] head = queue.peek();
            long deadline = System.nanoTime() + (timeout == null ? 0 : timeout.toNanos());
            while (head == null && System.nanoTime() < deadline) {
                Thread.sleep(1);
                head = queue.peek();
            }
            return head;
        }
        if (timeout != null) {
            return queue.poll(timeout);
        }
        if (!follow) {
            return queue.dequeue();
        }
        byte[] message = null;
        while (message == null) {
            message = queue.poll(FOREVER_SLICE);
        }
        return message;
    }

    private void print(byte[] message) {
        if (json) {
            Map<String, Object> line = Json.object();
            line.put("queue", name);
            line.putAll(Preview.toJson(message.length, message));
            line.remove("shown");
            Payloads.printJson(line);
        } else {
            Payloads.printText(message, raw);
        }
    }
}
