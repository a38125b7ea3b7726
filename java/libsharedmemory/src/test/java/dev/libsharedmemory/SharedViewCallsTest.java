package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * A {@link SharedMemory#buffer()} view (or a slice of it) passed to a stream or a queue goes
 * through its own handle's copy ({@link SharedViews}): the bytes arrive as with any direct buffer,
 * also after that handle is closed (the view then shows zeros). Shrunk segments: ShrunkSegmentTest.
 */
class SharedViewCallsTest {
    private static byte[] bytes(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte) (i * 31 + seed);
        return bytes;
    }

    @Test
    void viewsAndSlicesCarryTheirBytesThroughStreamsAndQueues() {
        try (TestSegments names = new TestSegments(); SharedMemory shm = SharedMemory.create(names.next("views"), 65536, false);
                SharedMemoryWriteStream writer = new SharedMemoryWriteStream(names.next("viewst"), 4096, false);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(writer.name(), 4096, true);
                SharedMemoryQueue queue = new SharedMemoryQueue(names.next("viewq"), 4, 2048, true, true)) {
            byte[] payload = bytes(1000, 7);
            shm.write(8192, payload);
            writer.write(shm.buffer().slice(8192, 1000));
            assertArrayEquals(payload, reader.readBytes());
            queue.enqueue(shm.buffer().position(8192).limit(9192));
            assertArrayEquals(payload, queue.dequeue());

            byte[] other = bytes(500, 3);
            writer.write(other);
            ByteBuffer into = shm.buffer().slice(20000, 600);
            assertEquals(500, reader.read(into));
            queue.enqueue(other);
            assertEquals(500, queue.dequeue(shm.buffer().slice(30000, 600)));
            byte[] back = new byte[500];
            shm.read(20000, back);
            assertArrayEquals(other, back);
            shm.read(30000, back);
            assertArrayEquals(other, back);

            ByteBuffer kept = shm.buffer().slice(8192, 1000);
            writer.write(kept); // its address, with its handle, is cached now
            assertArrayEquals(payload, reader.readBytes());
            kept.clear();
            shm.close();
            writer.write(kept); // the closed handle's view shows zeros, copied by the JDK
            assertArrayEquals(new byte[1000], reader.readBytes());
        }
    }

    @Test
    void viewsAreRegisteredOnlyWhereTheLibraryCatchesShrinks() {
        assertTrue(SharedViews.catchesShrinks("Linux"));
        assertFalse(SharedViews.catchesShrinks("Mac OS X"));
        assertFalse(SharedViews.catchesShrinks("Windows 11"));
        assertEquals(SharedViews.catchesShrinks(System.getProperty("os.name")), SharedViews.ENABLED);
        try (TestSegments names = new TestSegments(); SharedMemory shm = SharedMemory.create(names.next("viewreg"), 4096, false)) {
            DirectAddress view = DirectAddress.of(shm.buffer().slice(100, 200));
            if (SharedViews.ENABLED) {
                assertSame(shm, view.scope); // copied through its own handle
            } else {
                assertFalse(view.scope instanceof SharedMemory); // the direct route
            }
        }
    }
}
