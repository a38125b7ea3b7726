package dev.libsharedmemory;

import java.util.Arrays;

/**
 * The second JVM of cross-process tests: {@code JvmPeer COMMAND ARGS...}, the same commands as
 * the native lsm-peer. Exit 0 on success, 2 on a SharedMemoryException (message on stderr).
 */
public final class JvmPeer {
    private JvmPeer() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: JvmPeer COMMAND ARGS...");
            System.exit(1);
        }
        String command = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        int exit;
        try {
            if (OpenOrCreatePeerCommands.handles(command)) {
                exit = OpenOrCreatePeerCommands.run(command, rest);
            } else if (command.startsWith("segment-")) {
                exit = SegmentPeerCommands.run(command, rest);
            } else if (command.startsWith("stream-")) {
                exit = StreamPeerCommands.run(command, rest);
            } else if (command.startsWith("queue-")) {
                exit = QueuePeerCommands.run(command, rest);
            } else if (command.startsWith("soak-")) {
                exit = SoakPeerCommands.run(command, rest);
            } else {
                System.err.println("unknown command " + command);
                exit = 1;
            }
        } catch (SharedMemoryException e) {
            System.err.println("JvmPeer: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            exit = 2;
        }
        System.out.flush();
        System.exit(exit);
    }
}
