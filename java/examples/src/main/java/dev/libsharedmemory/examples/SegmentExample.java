package dev.libsharedmemory.examples;

import dev.libsharedmemory.SharedMemory;

/** The README's segment example: one segment, written and read through two handles. */
public final class SegmentExample {
    private SegmentExample() {}

    public static void main(String[] args) {
        String name = args.length > 0 ? args[0] : "sensor";

        // 4096 bytes, zero-filled. persistent = false: the name is removed when a handle closes.
        try (SharedMemory writer = SharedMemory.create(name, 4096, false)) {
            writer.buffer().putDouble(0, 21.5);                // zero-copy, native byte order

            // Another process opens it by name, with the same size and persistence.
            try (SharedMemory reader = SharedMemory.open(name, 4096, false)) {
                System.out.println("celsius = " + reader.buffer().getDouble(0));
            }
        }
    }
}
