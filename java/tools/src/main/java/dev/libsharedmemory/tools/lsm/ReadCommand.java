package dev.libsharedmemory.tools.lsm;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lsm read NAME [--follow]}: a stream's payload, once or at every new revision. */
@Command(name = "read", mixinStandardHelpOptions = true,
        description = {"Prints a stream's payload: text for strings, space-separated values for float and double "
                + "streams. With --follow, then every new revision as it comes, acknowledging each (markAsRead) as a "
                + "reader does, and following the name when a writer re-creates the stream."},
        footer = {"", "Exit codes: see lsm --help (4 not a stream, 5 nothing within --timeout)."})
final class ReadCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "Stream name.")
    String name;

    @Option(names = {"-f", "--follow"}, description = "Keep printing each new revision.")
    boolean follow;

    @Option(names = "--new", description = "Skip the current payload: wait for the next write.")
    boolean newOnly;

    @Option(names = {"-n", "--count"}, paramLabel = "N", description = "Stop after printing N payloads.")
    Integer count;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Durations.class,
            description = "Wait at most this long for each new revision (e.g. 500ms, 5s); exit 5 if nothing was printed.")
    Duration timeout;

    @Option(names = "--ack", description = "Acknowledge (markAsRead) what is printed, also without --follow.")
    boolean ack;

    @Option(names = "--json", description = "One JSON object a line: revision, type, size, text, hex (and values).")
    boolean json;

    @Option(names = "--raw", description = "The payload bytes exactly, no newline added.")
    boolean raw;

    @Override
    public Integer call() throws InterruptedException {
        if (count != null && count < 1) {
            throw LsmException.usage("--count must be at least 1");
        }
        int limit = count != null ? count : follow ? Integer.MAX_VALUE : 1;
        int printed = 0;
        try (StreamSession stream = StreamSession.open(name)) {
            if (!newOnly) {
                StreamSession.Snapshot current = ack || follow ? stream.takeNew() : stream.snapshot();
                if (!(follow && current.header().neverWritten())) {
                    print(current);
                    printed++;
                }
            }
            while (printed < limit) {
                if (!stream.awaitNewData(timeout)) {
                    if (follow && printed > 0) {
                        return ExitCode.OK;
                    }
                    throw new LsmException(ExitCode.TIMEOUT, "stream '" + name + "': no new write within "
                            + timeout.toMillis() + " ms");
                }
                StreamSession.Snapshot next = stream.takeNew();
                if (next != null) {
                    print(next);
                    printed++;
                }
            }
        }
        return ExitCode.OK;
    }

    private void print(StreamSession.Snapshot snapshot) {
        StreamHeader header = snapshot.header();
        List<Number> values = StreamHeader.numbers(header.flags(), snapshot.payload());
        if (json) {
            Map<String, Object> line = Json.object();
            line.put("name", name);
            line.put("revision", header.revision());
            line.put("type", header.typeName());
            line.putAll(Preview.toJson(snapshot.payload().length, snapshot.payload()));
            line.remove("shown");
            if (!values.isEmpty()) {
                line.put("values", values);
            }
            Payloads.printJson(line);
        } else if (!values.isEmpty() && !raw) {
            Payloads.printValues(values);
        } else {
            Payloads.printText(snapshot.payload(), raw);
        }
    }
}
