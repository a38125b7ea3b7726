package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.SharedMemoryQueue;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code lsm create-queue NAME CAPACITY MAX_MESSAGE_SIZE}: an empty queue that outlives lsm. */
@Command(name = "create-queue", mixinStandardHelpOptions = true,
        description = "Creates an empty queue of CAPACITY messages of at most MAX_MESSAGE_SIZE bytes "
                + "(segment size 28 + CAPACITY × (4 + MAX_MESSAGE_SIZE)). It stays until removed (lsm rm).",
        footer = {"", "Exit codes: see lsm --help (7 when the name exists, unless --force)."})
final class CreateQueueCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "NAME", description = "Segment name.")
    String name;

    @Parameters(index = "1", paramLabel = "CAPACITY", description = "Number of message slots (> 0).")
    int capacity;

    @Parameters(index = "2", paramLabel = "MAX_MESSAGE_SIZE", description = "Longest message in bytes (> 0).")
    int maxMessageSize;

    @Mixin
    CreateOptions options;

    @Override
    public Integer call() {
        int bits = options.modeForNew(name, "a queue");
        SharedMemoryQueue.create(name, capacity, maxMessageSize, true, bits).close();
        return ExitCode.OK;
    }
}
