package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.SharedMemoryWriteStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code lsm create-stream NAME SIZE}: an empty stream segment that outlives lsm. */
@Command(name = "create-stream", mixinStandardHelpOptions = true,
        description = "Creates an empty stream segment of SIZE bytes (the 20-byte header included, as bufferSize "
                + "in libsharedmemory). It stays until removed (lsm rm).",
        footer = {"", "Exit codes: see lsm --help (7 when the name exists, unless --force)."})
final class CreateStreamCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Segment name.")
    String name;

    @Parameters(index = "1", paramLabel = "SIZE", description = "Segment size in bytes, header included (> 20).")
    long size;

    @Mixin
    CreateOptions options;

    @Override
    public Integer call() {
        int bits = options.modeForNew(name, "a stream");
        new SharedMemoryWriteStream(name, size, true, bits).close();
        return ExitCode.OK;
    }
}
