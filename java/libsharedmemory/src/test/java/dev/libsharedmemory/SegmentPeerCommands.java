package dev.libsharedmemory;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

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
            case "segment-write": { // NAME SIZE OFFSET TEXT [--copy]: through buffer(), or with --copy write()
                try (SharedMemory shm = SharedMemory.open(args[0], Long.parseLong(args[1]), true)) {
                    byte[] text = args[3].getBytes(StandardCharsets.UTF_8);
                    if (args.length > 4 && args[4].equals("--copy")) {
                        shm.write(Long.parseLong(args[2]), text);
                    } else {
                        ByteBuffer buffer = shm.buffer();
                        buffer.position(Integer.parseInt(args[2]));
                        buffer.put(text);
                    }
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
            case "segment-open-many": { // NAME SIZE COUNT: opens COUNT handles and never closes them
                // All stay reachable, so that no collector run can hide a per-handle descriptor.
                List<SharedMemory> handles = new ArrayList<>();
                for (int i = Integer.parseInt(args[2]); i > 0; i--) {
                    handles.add(SharedMemory.open(args[0], Long.parseLong(args[1]), true));
                }
                System.out.println("opened " + handles.size());
                return 0;
            }
            default:
                System.err.println("unknown command " + command);
                return 1;
        }
    }
}
