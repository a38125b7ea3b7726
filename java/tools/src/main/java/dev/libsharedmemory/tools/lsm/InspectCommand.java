package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.StreamLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lsm inspect NAME}: every header field, decoded, and a preview of the contents. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = {"Every header field of a stream (flags and type, revision, ack, size, lock and its holder) "
                + "or queue (capacity, maxMessageSize, count, read/write index, locks), and a hex and text "
                + "preview of the payload, the queued messages or a raw segment's bytes.",
            "Reads without taking any lock: a snapshot, never a change to the segment."},
        footer = {"", "Exit codes: see lsm --help (4 when --as names a kind the bytes do not match)."})
final class InspectCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "Segment name.")
    String name;

    @Option(names = "--as", paramLabel = "KIND", description = "Decode as stream, queue or raw instead of guessing.")
    Kind as;

    @Option(names = "--bytes", paramLabel = "N", defaultValue = "256",
            description = "Preview at most N bytes of the payload, of each message, or of a raw segment (default ${DEFAULT-VALUE}).")
    int previewBytes;

    @Option(names = "--messages", paramLabel = "N", defaultValue = "16",
            description = "Show at most N queued messages (default ${DEFAULT-VALUE}).")
    int maxMessages;

    @Option(names = "--json", description = "One JSON object instead of text.")
    boolean json;

    @Override
    public Integer call() {
        if (previewBytes < 0 || maxMessages < 0) {
            throw LsmException.usage("--bytes and --messages must not be negative");
        }
        try (OpenSegment segment = OpenSegment.open(name)) {
            SegmentBytes bytes = segment.bytes();
            Kind kind = as != null ? as : Probe.of(bytes).kind();
            Map<String, Object> report = Json.object();
            report.put("name", name);
            SegmentFiles.stat(name).ifPresentOrElse(file -> file.putJson(report), () -> report.put("size", bytes.size()));
            report.put("kind", kind.label());
            List<String> text = new ArrayList<>();
            text.add(field("segment", name));
            text.add(field("size", bytes.size() + " bytes"));
            SegmentFiles.stat(name).ifPresent(file -> text.add(field("owner", file.owner() + ":" + file.group()
                    + ", mode " + file.octalMode() + " (" + file.symbolicMode() + ")")));
            text.add(field("kind", kind.label()));
            switch (kind) {
                case STREAM -> stream(Probe.requireStream(bytes), bytes, report, text);
                case QUEUE -> queue(Probe.requireQueue(bytes), bytes, report, text);
                case RAW -> raw(bytes, report, text);
            }
            if (json) {
                Terminal.OUT.println(Json.write(report));
            } else {
                text.forEach(Terminal.OUT::println);
            }
        }
        return ExitCode.OK;
    }

    private void stream(StreamHeader header, SegmentBytes bytes, Map<String, Object> report, List<String> text) {
        report.put("header", header.toJson());
        text.add("");
        text.add("stream header (read without the lock)");
        text.add(sub("flags", String.format("0x%02x: type %s, change bit %d", header.flags(), header.typeName(),
                header.changeBit() ? 1 : 0)));
        text.add(sub("revision", Long.toString(header.revision())));
        text.add(sub("ack", header.ack() + (header.unread() == 0 ? " (all writes acknowledged)"
                : " (" + header.unread() + " write(s) not acknowledged)")));
        text.add(sub("size", header.payloadSize() + " bytes (payload area " + header.maxPayload() + " bytes)"));
        text.add(sub("lock", header.lock().describe()));
        header.notes().forEach(note -> text.add("  note: " + note));

        byte[] payload = header.payload(bytes, previewBytes);
        Map<String, Object> preview = Preview.toJson(header.payloadSize(), payload);
        List<Number> numbers = header.numbers(payload);
        if (!numbers.isEmpty()) {
            preview.put("values", numbers);
        }
        report.put("payload", preview);
        text.add("");
        text.add("payload (" + header.payloadSize() + " bytes" + shown(payload.length, header.payloadSize()) + ")");
        if (payload.length > 0) {
            text.add(Preview.hexDump(payload, StreamLayout.DATA_OFFSET).stripTrailing());
            if (numbers.isEmpty()) {
                text.add("  text: " + Preview.quoted(payload));
            } else {
                text.add("  values: " + numbers);
            }
        }
    }

    private void queue(QueueHeader header, SegmentBytes bytes, Map<String, Object> report, List<String> text) {
        report.put("header", header.toJson());
        text.add("");
        text.add("queue header (read without the locks)");
        text.add(sub("capacity", header.capacity() + " slots"));
        text.add(sub("maxMessageSize", header.maxMessageSize() + " bytes"));
        text.add(sub("count", Long.toString(header.count())));
        text.add(sub("readIndex", Long.toString(header.readIndex())));
        text.add(sub("writeIndex", Long.toString(header.writeIndex())));
        text.add(sub("producerLock", header.producerLock().describe()));
        text.add(sub("consumerLock", header.consumerLock().describe()));
        header.notes().forEach(note -> text.add("  note: " + note));

        List<QueueHeader.Message> messages = header.messages(bytes, maxMessages, previewBytes);
        List<Object> jsonMessages = new ArrayList<>();
        text.add("");
        text.add("messages (" + header.count() + " queued, oldest first" + shown(messages.size(), header.count()) + ")");
        int index = 0;
        for (QueueHeader.Message message : messages) {
            jsonMessages.add(message.toJson());
            String heading = "  #" + index++ + " slot " + message.slot() + ", " + message.length() + " bytes";
            if (message.problem() != null) {
                text.add(heading + ": corrupt, " + message.problem());
                continue;
            }
            text.add(heading + shown(message.bytes().length, message.length()) + ": " + Preview.quoted(message.bytes()));
            if (message.bytes().length > 0) {
                text.add(Preview.hexDump(message.bytes(), message.offset()).stripTrailing());
            }
        }
        report.put("messages", jsonMessages);
    }

    private void raw(SegmentBytes bytes, Map<String, Object> report, List<String> text) {
        byte[] contents = bytes.copy(0, (int) Math.min(previewBytes, Math.min(bytes.size(), Integer.MAX_VALUE)));
        int end = 0;
        while (end < contents.length && contents[end] != 0) {
            end++;
        }
        byte[] cString = java.util.Arrays.copyOf(contents, end);
        Map<String, Object> preview = Preview.toJson(bytes.size(), contents);
        preview.put("cString", Preview.utf8OrNull(cString));
        report.put("contents", preview);
        text.add("");
        text.add("contents (" + bytes.size() + " bytes" + shown(contents.length, bytes.size()) + ")");
        text.add(Preview.hexDump(contents, 0).stripTrailing());
        text.add("  text up to the first NUL: " + Preview.quoted(cString));
    }

    private static String shown(long shown, long total) {
        return shown < total ? ", showing " + shown : "";
    }

    private static String field(String label, String value) {
        return String.format("%-16s %s", label, value);
    }

    /** A header field, indented under its heading. */
    private static String sub(String label, String value) {
        return "  " + field(label, value);
    }
}
