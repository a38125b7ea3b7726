package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** SharedMemoryWriteStream / SharedMemoryReadStream within one JVM. */
class StreamTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test
    void upstreamReadmeExample() {
        String name = names.next("json");
        String dataToTransfer = "{ foo: 'coolest IPC ever! 🧑‍💻' }";
        try (SharedMemoryWriteStream write$ = new SharedMemoryWriteStream(name, 65535, true);
                SharedMemoryReadStream read$ = new SharedMemoryReadStream(name, 65535, true)) {
            write$.write(dataToTransfer);
            assertEquals(dataToTransfer, read$.read());
        }
    }

    @Test
    void stringsKeepEveryCodePoint() {
        String name = names.next("unicode");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 256, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 256, true)) {
            for (String text : new String[] {"", "a\0b\0", "😀 Grüße 日本語 \uD83E\uDDD1\u200D\uD83D\uDCBB", "\0"}) {
                out.write(text);
                assertEquals(text, in.readString());
                assertArrayEquals(text.getBytes(StandardCharsets.UTF_8), in.readBytes());
                assertEquals(text.getBytes(StandardCharsets.UTF_8).length, in.readSize());
                assertEquals(StreamDataType.STRING, in.readDataType());
            }
        }
    }

    @Test
    void bytesWithOffsetsAndBuffers() {
        String name = names.next("bytes");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 64, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 64, true)) {
            byte[] source = {9, 1, 2, 3, 9};
            out.write(source, 1, 3);
            assertArrayEquals(new byte[] {1, 2, 3}, in.readBytes());

            ByteBuffer direct = ByteBuffer.allocateDirect(16);
            direct.put(new byte[] {7, 7, 4, 5, 6}).flip().position(2);
            out.write(direct);
            assertEquals(direct.limit(), direct.position()); // consumed, like a channel write
            assertArrayEquals(new byte[] {4, 5, 6}, in.readBytes());

            ByteBuffer heap = ByteBuffer.wrap(new byte[] {0, 8, 9, 0}, 1, 2).slice();
            out.write(heap);
            assertArrayEquals(new byte[] {8, 9}, in.readBytes());
            out.write(ByteBuffer.wrap(new byte[] {5}).asReadOnlyBuffer());
            assertArrayEquals(new byte[] {5}, in.readBytes());

            out.write(new byte[] {1, 2, 3, 4});
            ByteBuffer into = ByteBuffer.allocateDirect(10).position(3);
            assertEquals(4, in.read(into));
            assertEquals(7, into.position());
            assertEquals(3, into.get(5));
            ByteBuffer intoHeap = ByteBuffer.wrap(new byte[12], 2, 10).slice().position(1);
            assertEquals(4, in.read(intoHeap));
            assertEquals(5, intoHeap.position());
            assertEquals(4, intoHeap.array()[2 + 1 + 3]);
        }
    }

    @Test
    void floatsAndDoubles() {
        String name = names.next("numbers");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 128, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 128, true)) {
            out.write(new float[] {1.5f, Float.NaN, -0f, Float.MAX_VALUE});
            assertArrayEquals(new float[] {1.5f, Float.NaN, -0f, Float.MAX_VALUE}, in.readFloatArray());
            assertEquals(StreamDataType.FLOAT, in.readDataType());
            assertEquals(4, in.readLength());
            assertEquals(16, in.readSize());
            out.write(new float[] {0, 1, 2, 3}, 1, 2);
            assertArrayEquals(new float[] {1, 2}, in.readFloatArray());

            out.write(new double[] {Math.PI, -1e300});
            assertArrayEquals(new double[] {Math.PI, -1e300}, in.readDoubleArray());
            assertEquals(StreamDataType.DOUBLE, in.readDataType());
            assertEquals(2, in.readLength());
            assertEquals(4, in.readLength(StreamDataType.FLOAT));
            out.write(new double[] {0, 1, 2}, 2, 1);
            assertArrayEquals(new double[] {2}, in.readDoubleArray());
            out.write(new double[0]);
            assertEquals(0, in.readDoubleArray().length);
        }
    }

    @Test
    void changeDetection() throws InterruptedException {
        String name = names.next("change");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 64, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 64, true)) {
            assertFalse(in.hasNewData());
            assertTrue(out.isMessageRead());
            assertEquals(StreamDataType.NONE, in.readDataType());
            int flagsBefore = in.readFlags();
            out.write("one");
            assertEquals(StreamDataType.CHANGE_BIT, (in.readFlags() ^ flagsBefore) & StreamDataType.CHANGE_BIT);
            assertTrue(in.hasNewData());
            assertFalse(out.isMessageRead());
            assertFalse(out.waitForRead(Duration.ofMillis(20)));
            in.readString();
            assertTrue(in.hasNewData()); // reading alone does not acknowledge
            in.markAsRead();
            assertFalse(in.hasNewData());
            assertTrue(out.isMessageRead());
            assertTrue(out.waitForRead(Duration.ZERO));
            assertFalse(in.awaitNewData(Duration.ofMillis(20)));
            try (SharedMemoryReadStream late = new SharedMemoryReadStream(name, 64, true)) {
                assertFalse(late.hasNewData()); // opened after the write: counts as seen
            }
        }
    }

    @Test
    void waitsWakeUpWhenThePeerActs() throws Exception {
        String name = names.next("wake");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 64, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 64, true)) {
            CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
                try {
                    assertTrue(in.awaitNewData(Duration.ofSeconds(30)));
                    String text = in.readString();
                    in.markAsRead();
                    return text;
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            });
            out.write("wake up");
            assertTrue(out.waitForRead(Duration.ofSeconds(30)));
            assertEquals("wake up", reader.get(30, TimeUnit.SECONDS));
        }
    }

    @Test
    void waitsAreInterruptible() throws Exception {
        String name = names.next("interrupt");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 64, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 64, true)) {
            out.write("unread");
            for (int which = 0; which < 2; which++) {
                boolean writerSide = which == 0;
                AtomicReference<Throwable> thrown = new AtomicReference<>();
                CountDownLatch started = new CountDownLatch(1);
                Thread waiter = new Thread(() -> {
                    started.countDown();
                    try {
                        if (writerSide) {
                            out.waitForRead(Duration.ofMinutes(5));
                        } else {
                            in.awaitNewData(Duration.ofMinutes(5));
                        }
                    } catch (Throwable e) {
                        thrown.set(e);
                    }
                });
                if (!writerSide) {
                    in.markAsRead();
                }
                waiter.start();
                started.await();
                waiter.interrupt();
                waiter.join(30_000);
                assertFalse(waiter.isAlive());
                assertTrue(thrown.get() instanceof InterruptedException, () -> "got " + thrown.get());
            }
        }
    }

    @Test
    void accessorsAndNonPersistentStreams() {
        String name = names.next("access");
        SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 100, false);
        assertEquals(name, out.name());
        assertEquals(100, out.bufferSize());
        assertEquals(80, out.maxPayloadSize());
        assertFalse(out.isPersistent());
        assertTrue(out.toString().contains(name));
        out.close();
        assertTrue(out.isClosed());
        assertThrows(SegmentNotFoundException.class, () -> new SharedMemoryReadStream(name, 100, true));
    }
}
