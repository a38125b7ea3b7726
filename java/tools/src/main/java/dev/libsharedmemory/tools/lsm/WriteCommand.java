package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.SharedMemoryWriteStream;
import dev.libsharedmemory.StreamLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lsm write NAME TEXT}: one write to a stream, as a libsharedmemory writer process does. */
@Command(name = "write", mixinStandardHelpOptions = true,
        description = {"Writes TEXT (UTF-8) or the bytes of --file to a stream, data type string.",
            "As every libsharedmemory writer, this (re-)creates the stream segment, keeping an existing stream's "
                + "size and mode: readers opened before must reopen it (lsm read --follow does so by itself)."},
        footer = {"", "Exit codes: see lsm --help (2 no such stream and no --size, 4 not a stream, 6 payload too large, "
                + "5 not acknowledged within --wait-read)."})
final class WriteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Stream name.")
    String name;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TEXT", description = "The payload (or use --file).")
    String text;

    @Option(names = "--file", paramLabel = "F", description = "Write the bytes of file F ('-' for stdin).")
    Path file;

    @Option(names = "--size", paramLabel = "N", description = "Stream size, header included; needed when the stream does not exist yet.")
    Long size;

    @Option(names = "--mode", paramLabel = "OCTAL", description = "Permission bits of a new stream (default: the existing one's, else 0600).")
    String mode;

    @Option(names = {"-f", "--force"}, description = "Replace a segment that is not a stream (a queue, raw bytes).")
    boolean force;

    @Option(names = "--wait-read", paramLabel = "DURATION", converter = Durations.class,
            description = "Then wait until a reader acknowledges the write (markAsRead), e.g. 5s; exit 5 if none does.")
    Duration waitRead;

    @Override
    public Integer call() throws InterruptedException {
        byte[] payload = Input.bytes(text, file);
        Optional<Existing> existing = Existing.of(name);
        if (existing.isPresent() && existing.get().kind() != Kind.STREAM && !force) {
            throw LsmException.wrongKind("segment '" + name + "' is a " + existing.get().kind().label()
                    + " segment, not a stream; --force replaces it with a stream");
        }
        long bufferSize = size != null ? size : existing.map(Existing::size).orElseThrow(() -> new LsmException(
                ExitCode.NOT_FOUND, "no stream named '" + name + "'; pass --size N to create it"));
        if (bufferSize <= StreamLayout.HEADER_SIZE) {
            throw LsmException.usage("stream '" + name + "': --size " + bufferSize
                    + " leaves no room for a payload; it must be greater than the " + StreamLayout.HEADER_SIZE
                    + "-byte header");
        }
        // Checked before the writer re-creates the segment, so that a refused write changes nothing.
        if (payload.length > bufferSize - StreamLayout.HEADER_SIZE) {
            throw new LsmException(ExitCode.NO_ROOM, "stream '" + name + "': payload of " + payload.length
                    + " bytes does not fit the " + Math.max(0, bufferSize - StreamLayout.HEADER_SIZE)
                    + "-byte payload area (size " + bufferSize + " minus the " + StreamLayout.HEADER_SIZE
                    + "-byte header); nothing was written");
        }
        try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, bufferSize, true,
                Existing.mode(mode, existing))) {
            writer.write(payload);
            if (waitRead != null && !writer.waitForRead(waitRead)) {
                throw new LsmException(ExitCode.TIMEOUT, "stream '" + name + "': no reader acknowledged the write within "
                        + waitRead.toMillis() + " ms");
            }
        }
        return ExitCode.OK;
    }
}
