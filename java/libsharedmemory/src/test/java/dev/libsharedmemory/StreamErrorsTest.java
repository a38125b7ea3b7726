package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every error of the stream API: clear exceptions, nothing written, no crash. */
class StreamErrorsTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test
    void tooLargePayloadsAreRefusedAndNothingIsWritten() {
        String name = names.next("large");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 36, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 36, true)) {
            out.write("exactly sixteen!");
            MessageTooLargeException e = assertThrows(MessageTooLargeException.class, () -> out.write("seventeen bytes!!"));
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains("17"), e.getMessage());
            assertThrows(MessageTooLargeException.class, () -> out.write(new byte[17]));
            assertThrows(MessageTooLargeException.class, () -> out.write(ByteBuffer.allocateDirect(17)));
            assertThrows(MessageTooLargeException.class, () -> out.write(new float[5]));
            assertThrows(MessageTooLargeException.class, () -> out.write(new double[3]));
            out.write(new double[2]);
            out.write("exactly sixteen!");
            assertEquals("exactly sixteen!", in.readString());

            ByteBuffer small = ByteBuffer.allocateDirect(15);
            assertThrows(MessageTooLargeException.class, () -> in.read(small));
            assertEquals(0, small.position());
            assertThrows(MessageTooLargeException.class, () -> in.read(ByteBuffer.allocate(15)));
            assertThrows(ReadOnlyBufferException.class, () -> in.read(ByteBuffer.allocate(20).asReadOnlyBuffer()));
        }
    }

    @Test
    void bufferSizeMustExceedTheHeader() {
        String name = names.next("tiny");
        for (long size : new long[] {-1, 0, 1, 20}) {
            InvalidSizeException e = assertThrows(InvalidSizeException.class,
                    () -> new SharedMemoryWriteStream(name, size, true));
            assertTrue(e.getMessage().contains(name), e.getMessage());
            assertThrows(InvalidSizeException.class, () -> new SharedMemoryReadStream(name, size, true));
        }
        assertThrows(SegmentNotFoundException.class, () -> new SharedMemoryReadStream(name, 21, true));
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 21, true)) {
            out.write("1");
            assertThrows(InvalidSizeException.class, () -> new SharedMemoryReadStream(name, 4096, true));
        }
    }

    @Test
    void badArguments() {
        String name = names.next("args");
        assertThrows(NullPointerException.class, () -> new SharedMemoryWriteStream(null, 64, true));
        assertThrows(InvalidNameException.class, () -> new SharedMemoryWriteStream("a/b", 64, true));
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 64, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 64, true)) {
            assertThrows(NullPointerException.class, () -> out.write((String) null));
            assertThrows(NullPointerException.class, () -> out.write((byte[]) null));
            assertThrows(NullPointerException.class, () -> out.write((ByteBuffer) null));
            assertThrows(IndexOutOfBoundsException.class, () -> out.write(new byte[4], 3, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> out.write(new float[4], -1, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> out.write(new double[4], 2, 3));
            assertThrows(NullPointerException.class, () -> in.read(null));
            assertThrows(InvalidArgumentException.class, () -> out.setLockTimeout(Duration.ofMillis(-1)));
            assertThrows(InvalidArgumentException.class, () -> in.setLockTimeout(null));
            assertThrows(NullPointerException.class, () -> in.awaitNewData(null));
        }
    }

    @Test
    void corruptSizeFieldIsReportedNeverFollowed() {
        String name = names.next("corrupt");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 64, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 64, true);
                SharedMemory shm = SharedMemory.open(name, 64, true)) {
            out.write("ok");
            for (int size : new int[] {45, 1 << 20, -1}) {
                shm.buffer().putInt(12, size);
                CorruptSegmentException e = assertThrows(CorruptSegmentException.class, in::readString);
                assertTrue(e.getMessage().contains(name), e.getMessage());
                assertThrows(CorruptSegmentException.class, in::readFloatArray);
                assertThrows(CorruptSegmentException.class, in::readDoubleArray);
                assertThrows(CorruptSegmentException.class, in::readSize);
                assertThrows(CorruptSegmentException.class, () -> in.read(ByteBuffer.allocateDirect(64)));
                assertThrows(CorruptSegmentException.class, () -> in.read(ByteBuffer.allocate(64)));
                assertEquals(0, shm.buffer().getInt(16), "lock released after the failure");
            }
            shm.buffer().putInt(12, 44);
            assertEquals(44, in.readBytes().length);
        }
    }

    @Test
    void heldLockTimesOut() {
        String name = names.next("locked");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 64, true);
                SharedMemoryReadStream in = new SharedMemoryReadStream(name, 64, true);
                SharedMemory shm = SharedMemory.open(name, 64, true)) {
            out.setLockTimeout(Duration.ofMillis(30));
            in.setLockTimeout(Duration.ofMillis(30));
            shm.buffer().putInt(16, 1); // an upstream process holds the lock
            LockTimeoutException e = assertThrows(LockTimeoutException.class, () -> out.write("x"));
            assertTrue(e.getMessage().contains(name), e.getMessage());
            assertThrows(LockTimeoutException.class, in::readString);
            shm.buffer().putInt(16, 0);
            out.write("x");
            assertEquals("x", in.readString());
        }
    }

    @Test
    void everyCallAfterCloseThrowsSegmentClosed() {
        String name = names.next("closed");
        SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 64, true);
        SharedMemoryReadStream in = new SharedMemoryReadStream(name, 64, true);
        out.close();
        in.close();
        out.close(); // idempotent
        in.close();
        List<Runnable> calls = List.of(() -> out.write("x"), () -> out.write(new byte[1]),
                () -> out.write(ByteBuffer.allocateDirect(1)), () -> out.write(new float[1]),
                () -> out.write(new double[1]), out::isMessageRead, () -> out.setLockTimeout(Duration.ZERO),
                in::readString, in::readBytes, () -> in.read(ByteBuffer.allocateDirect(8)), in::readFloatArray,
                in::readDoubleArray, in::readFlags, in::readDataType, in::readSize, in::readLength,
                in::hasNewData, in::markAsRead, () -> in.setLockTimeout(Duration.ZERO));
        for (Runnable call : calls) {
            assertThrows(SegmentClosedException.class, call::run);
        }
        assertThrows(SegmentClosedException.class, () -> out.waitForRead(Duration.ofSeconds(1)));
        assertThrows(SegmentClosedException.class, () -> in.awaitNewData(Duration.ofSeconds(1)));
        out.destroy(); // works after close
        assertThrows(SegmentNotFoundException.class, () -> new SharedMemoryReadStream(name, 64, true));
    }

    @Test
    void closeDuringUseFromOtherThreads() throws Exception {
        String name = names.next("race");
        for (int round = 0; round < 20; round++) {
            SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 4116, true);
            SharedMemoryReadStream in = new SharedMemoryReadStream(name, 4116, true);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            CountDownLatch running = new CountDownLatch(4);
            List<Thread> threads = new ArrayList<>();
            byte[] payload = new byte[4096];
            ByteBuffer direct = ByteBuffer.allocateDirect(4096);
            Runnable[] bodies = {
                () -> out.write(payload),
                () -> in.read(direct.clear()),
                () -> {
                    try {
                        in.awaitNewData(Duration.ofSeconds(30));
                        in.markAsRead();
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                },
                () -> {
                    try {
                        out.waitForRead(Duration.ofSeconds(30));
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                },
            };
            for (Runnable body : bodies) {
                Thread thread = new Thread(() -> {
                    running.countDown();
                    try {
                        while (!stop.get()) {
                            body.run();
                        }
                    } catch (SegmentClosedException expected) {
                        // the other handle was closed under us: the documented outcome
                    } catch (Throwable e) {
                        unexpected.compareAndSet(null, e);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            running.await();
            Thread.sleep(round % 5);
            if (round % 2 == 0) {
                in.close();
                out.close();
            } else {
                out.close();
                in.close();
            }
            for (Thread thread : threads) {
                thread.join(30_000);
                assertFalse(thread.isAlive(), "a thread hangs after close");
            }
            stop.set(true);
            if (unexpected.get() != null) {
                throw new AssertionError("unexpected " + unexpected.get(), unexpected.get());
            }
        }
    }
}
