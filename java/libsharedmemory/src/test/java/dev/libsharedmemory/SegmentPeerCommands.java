package dev.libsharedmemory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Segment commands of {@link JvmPeer}, mirroring jni/tools/peer/segment_commands.cpp. */
final class SegmentPeerCommands {
    private SegmentPeerCommands() {}

    static int run(String command, String[] args) {
        switch (command) {
            case "segment-create": { // NAME SIZE [--transient]: creates, then exits (closing the handle)
                boolean transientSegment = args.length > 2 && args[2].equals("--transient");
                try (SharedMemory shm = SharedMemory.create(args[0], Long.parseLong(args[1]), !transientSegment)) {
                    System.out.println("created " + shm.name() + " " + shm.size());
                }
                return 0;
            }
            case "segment-write": { // NAME SIZE OFFSET TEXT
                try (SharedMemory shm = SharedMemory.open(args[0], Long.parseLong(args[1]), true)) {
                    ByteBuffer buffer = shm.buffer();
                    buffer.position(Integer.parseInt(args[2]));
                    buffer.put(args[3].getBytes(StandardCharsets.UTF_8));
                }
                return 0;
            }
            case "segment-read": { // NAME SIZE OFFSET LENGTH: prints the raw bytes
                try (SharedMemory shm = SharedMemory.open(args[0], Long.parseLong(args[1]), true)) {
                    byte[] bytes = new byte[Integer.parseInt(args[3])];
                    shm.buffer().get(Integer.parseInt(args[2]), bytes);
                    System.out.write(bytes, 0, bytes.length);
                }
                return 0;
            }
            default:
                System.err.println("unknown command " + command);
                return 1;
        }
    }
}
