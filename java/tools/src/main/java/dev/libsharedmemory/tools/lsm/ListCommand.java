package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.SharedMemoryException;
import java.nio.file.FileSystems;
import java.nio.file.PathMatcher;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lsm list}: every segment of this machine with its OS attributes and detected kind. */
@Command(name = "list", aliases = "ls", mixinStandardHelpOptions = true,
        description = {"The segments on this machine (Linux: /dev/shm) with size, owner, mode and the detected kind "
                + "(stream, queue or raw) with a summary of its header."},
        footer = {"", "Exit codes: see lsm --help."})
final class ListCommand implements Callable<Integer> {
    @Parameters(arity = "0..1", paramLabel = "GLOB", description = "Only names matching this glob, e.g. 'sensor*'.")
    String glob;

    @Option(names = "--json", description = "One JSON object: {\"segments\": [...]}.")
    boolean json;

    /** One line of the listing. */
    private record Row(SegmentFiles.Entry file, String kind, String summary, Map<String, Object> header, String error) {}

    @Override
    public Integer call() {
        PathMatcher matcher = glob == null ? null : FileSystems.getDefault().getPathMatcher("glob:" + glob);
        List<Row> rows = new ArrayList<>();
        for (SegmentFiles.Entry file : SegmentFiles.list()) {
            if (matcher == null || matcher.matches(Paths.get(file.name()))) {
                rows.add(describe(file));
            }
        }
        if (json) {
            printJson(rows);
        } else {
            printTable(rows);
        }
        return ExitCode.OK;
    }

    private static Row describe(SegmentFiles.Entry file) {
        if (file.size() == 0) {
            return new Row(file, Kind.RAW.label(), "empty (0 bytes)", null, null);
        }
        try (OpenSegment segment = OpenSegment.open(file.name())) {
            Probe probe = Probe.of(segment.bytes());
            return switch (probe.kind()) {
                case STREAM -> new Row(file, "stream", probe.stream().summary(), probe.stream().toJson(), null);
                case QUEUE -> new Row(file, "queue", probe.queue().summary(), probe.queue().toJson(), null);
                case RAW -> new Row(file, "raw", "", null, null);
            };
        } catch (SharedMemoryException | LsmException | InternalError e) {
            // Removed meanwhile, not ours to open, not a valid lsm name, ...: list it anyway.
            return new Row(file, "?", e.getMessage(), null, e.getMessage());
        }
    }

    private static void printTable(List<Row> rows) {
        String[] headings = {"NAME", "SIZE", "OWNER", "MODE", "KIND", "DETAILS"};
        List<String[]> lines = new ArrayList<>();
        lines.add(headings);
        for (Row row : rows) {
            lines.add(new String[] {row.file().name(), Long.toString(row.file().size()), row.file().owner(),
                row.file().symbolicMode(), row.kind(), row.summary()});
        }
        int[] widths = new int[headings.length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                boolean last = i == line.length - 1;
                String cell = i == 1 && line != lines.get(0) ? pad(line[i], widths[i], true) : pad(line[i], widths[i], false);
                out.append(last ? line[i] : cell + "  ");
            }
            Terminal.OUT.println(out.toString().stripTrailing());
        }
    }

    private static String pad(String text, int width, boolean right) {
        String spaces = " ".repeat(Math.max(0, width - text.length()));
        return right ? spaces + text : text + spaces;
    }

    private static void printJson(List<Row> rows) {
        List<Object> segments = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> json = Json.object();
            json.put("name", row.file().name());
            row.file().putJson(json);
            json.put("kind", row.error() == null ? row.kind() : "unknown");
            json.put("header", row.header());
            json.put("error", row.error());
            segments.add(json);
        }
        Map<String, Object> json = Json.object();
        json.put("segments", segments);
        Terminal.OUT.println(Json.write(json));
    }
}
