package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.SharedMemory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Segments laid out byte by byte as WIRE.md §2 and §3 describe, made by Java for lsm to decode. */
final class Crafted {
    private Crafted() {}

    /** A stream segment of {@code size} bytes holding {@code text} with the given header fields. */
    static void stream(String name, int size, int flags, int revision, int ack, String text, int lock) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        try (SharedMemory shm = SharedMemory.create(name, size, true)) {
            ByteBuffer b = shm.buffer();
            b.put(0, (byte) flags).putInt(4, revision).putInt(8, ack).putInt(12, payload.length).putInt(16, lock);
            b.put(20, payload);
        }
    }

    /** An empty queue segment (WIRE.md §3) of the given geometry. */
    static void queue(String name, int capacity, int maxMessageSize) {
        try (SharedMemory shm = SharedMemory.create(name, 28L + (long) capacity * (4 + maxMessageSize), true)) {
            shm.buffer().putInt(8, capacity).putInt(16, maxMessageSize);
        }
    }

    /** Writes a header field of an existing segment. */
    static void putInt(String name, int offset, int value) {
        try (SharedMemory shm = SharedMemory.open(name, true)) {
            shm.buffer().putInt(offset, value);
        }
    }

    /** Puts messages into a crafted queue starting at slot {@code firstSlot}, as an enqueue would. */
    static void enqueue(String name, int firstSlot, String... messages) {
        try (SharedMemory shm = SharedMemory.open(name, true)) {
            ByteBuffer b = shm.buffer();
            int capacity = b.getInt(8);
            int max = b.getInt(16);
            int slot = firstSlot;
            for (String message : messages) {
                byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
                int offset = 28 + slot * (4 + max);
                b.putInt(offset, bytes.length).put(offset + 4, bytes);
                slot = (slot + 1) % capacity;
            }
            b.putInt(4, firstSlot).putInt(0, slot).putInt(12, messages.length);
        }
    }

    /** A segment filled with {@code bytes} (repeated). */
    static void raw(String name, int size, byte[] bytes) {
        try (SharedMemory shm = SharedMemory.create(name, size, true)) {
            ByteBuffer b = shm.buffer();
            for (int i = 0; i < size; i++) {
                b.put(i, bytes[i % bytes.length]);
            }
        }
    }
}
