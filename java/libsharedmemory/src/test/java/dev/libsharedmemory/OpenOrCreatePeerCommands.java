package dev.libsharedmemory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Open-or-create commands of {@link JvmPeer}, mirroring jni/tools/peer/open_or_create_commands.cpp:
 * each prints "created" or "opened", then leaves a trace of itself in the object. {@code --at
 * EPOCH_MS} sleeps until that wall-clock time first, so that peers started one after the other
 * call openOrCreate together.
 */
final class OpenOrCreatePeerCommands {
    private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.nativeOrder());

    private OpenOrCreatePeerCommands() {}

    static boolean handles(String command) {
        return command.endsWith("-open-or-create");
    }

    static int run(String command, String[] args) throws InterruptedException {
        waitForStart(args);
        switch (command) {
            case "segment-open-or-create": { // NAME SIZE: adds 1 to the int at offset 0
                try (SharedMemory shm = SharedMemory.openOrCreate(args[0], Long.parseLong(args[1]), true)) {
                    printOutcome(shm.created());
                    INT.getAndAdd(shm.buffer(), 0, 1);
                }
                return 0;
            }
            case "queue-open-or-create": { // NAME CAPACITY MAXSIZE MESSAGE: enqueues MESSAGE (exit 3: full)
                try (SharedMemoryQueue queue = SharedMemoryQueue.openOrCreate(args[0], Integer.parseInt(args[1]),
                        Integer.parseInt(args[2]), true)) {
                    printOutcome(queue.created());
                    return queue.enqueue(args[3]) ? 0 : 3;
                }
            }
            case "stream-open-or-create": { // NAME SIZE TEXT: writes TEXT
                try (SharedMemoryWriteStream out = SharedMemoryWriteStream.openOrCreate(args[0], Long.parseLong(args[1]),
                        true)) {
                    printOutcome(out.created());
                    out.write(args[2]);
                }
                return 0;
            }
            default:
                System.err.println("unknown command " + command);
                return 1;
        }
    }

    private static void waitForStart(String[] args) throws InterruptedException {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--at")) {
                long delay = Long.parseLong(args[i + 1]) - System.currentTimeMillis();
                if (delay > 0) {
                    Thread.sleep(delay);
                }
            }
        }
    }

    private static void printOutcome(boolean created) {
        System.out.println(created ? "created" : "opened");
    }
}
