package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.SharedMemoryQueue;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lsm send QUEUE MESSAGE...}: enqueues messages on an existing queue. */
@Command(name = "send", mixinStandardHelpOptions = true,
        description = "Enqueues each MESSAGE (UTF-8), or the bytes of --file, on an existing queue, in order.",
        footer = {"", "Exit codes: see lsm --help (4 not a queue, 6 queue full or message too large)."})
final class SendCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "QUEUE", description = "Queue name.")
    String name;

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "MESSAGE", description = "Messages, one each.")
    List<String> messages = new ArrayList<>();

    @Option(names = "--file", paramLabel = "F", description = "Send the bytes of file F ('-' for stdin) as one message.")
    Path file;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "Wait this long for room when the queue is full (default: do not wait).")
    Duration timeout;

    @Override
    public Integer call() throws InterruptedException {
        List<byte[]> payloads = new ArrayList<>();
        if (file != null || messages.isEmpty()) {
            payloads.add(Input.bytes(messages.isEmpty() ? null : String.join(" ", messages), file));
        } else {
            for (String message : messages) {
                payloads.add(Input.bytes(message, null));
            }
        }
        try (SharedMemoryQueue queue = QueueSession.open(name)) {
            int sent = 0;
            for (byte[] payload : payloads) {
                boolean queued = timeout == null ? queue.enqueue(payload) : queue.offer(payload, timeout);
                if (!queued) {
                    throw new LsmException(ExitCode.NO_ROOM, "queue '" + name + "' is full (" + queue.capacity()
                            + " messages)" + (timeout == null ? "" : " after waiting " + timeout.toMillis() + " ms")
                            + "; sent " + sent + " of " + payloads.size());
                }
                sent++;
            }
        }
        return ExitCode.OK;
    }
}
