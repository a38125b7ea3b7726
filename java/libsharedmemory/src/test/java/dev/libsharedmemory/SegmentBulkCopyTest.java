package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * SharedMemory.write/read(offset, byte[]): one memcpy by size route (foreign downcall on JDK
 * 22+ up to 256 KiB; JNI region copy up to 4 KiB, pinned memcpy in 1 MiB chunks beyond), the
 * same bytes as the buffer view shows, every range checked, and safe against close.
 */
class SegmentBulkCopyTest {
    private static final int SIZE = 3 << 20; // beyond one JNI chunk
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test
    void copiesOfEverySizeMatchTheBufferView() {
        try (SharedMemory a = SharedMemory.create(names.next("bulk"), SIZE, false)) {
            ByteBuffer view = a.buffer();
            for (int length : new int[] {0, 1, 4096, 4097, 65_536, ForeignCalls.MAX_CRITICAL_BYTES,
                ForeignCalls.MAX_CRITICAL_BYTES + 1, (1 << 20) + 3, SIZE - 11}) {
                byte[] source = new byte[length + 6];
                for (int i = 0; i < source.length; i++) {
                    source[i] = (byte) (i * 13 + length);
                }
                a.write(7, source, 3, length);
                byte[] expected = Arrays.copyOfRange(source, 3, 3 + length);
                byte[] seen = new byte[length];
                view.get(7, seen);
                assertArrayEquals(expected, seen, length + " bytes written");

                byte[] back = new byte[length + 4];
                a.read(7, back, 2, length);
                assertArrayEquals(expected, Arrays.copyOfRange(back, 2, 2 + length), length + " bytes read");
            }
            byte[] whole = new byte[SIZE];
            a.read(0, whole);
            a.write(0, whole);
        }
    }

    @Test
    void rangesOutsideTheSegmentOrTheArrayAreRefusedAndNothingIsCopied() {
        try (SharedMemory a = SharedMemory.create(names.next("bulk-range"), 64, false)) {
            byte[] eight = new byte[8];
            Arrays.fill(eight, (byte) 1);
            assertThrows(IndexOutOfBoundsException.class, () -> a.write(57, eight));
            assertThrows(IndexOutOfBoundsException.class, () -> a.write(-1, eight));
            assertThrows(IndexOutOfBoundsException.class, () -> a.write(Long.MAX_VALUE, eight));
            assertThrows(IndexOutOfBoundsException.class, () -> a.write(0, eight, 4, 5));
            assertThrows(IndexOutOfBoundsException.class, () -> a.read(0, eight, -1, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> a.read(60, eight));
            assertThrows(NullPointerException.class, () -> a.read(0, null));
            byte[] all = new byte[64];
            a.read(0, all);
            assertArrayEquals(new byte[64], all); // nothing was written
            a.write(56, eight); // the last 8 bytes fit
        }
    }

    @Test
    void closeDuringCopiesEndsThemCleanly() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4); // the common pool may have one thread
        try {
            closeDuringCopies(threads);
        } finally {
            threads.shutdownNow();
        }
    }

    private void closeDuringCopies(ExecutorService threads) throws Exception {
        for (int round = 0; round < 10; round++) {
            SharedMemory a = SharedMemory.create(names.next("bulk-close"), SIZE, false);
            CountDownLatch started = new CountDownLatch(4);
            List<CompletableFuture<Integer>> copiers = new ArrayList<>();
            for (int t = 0; t < 4; t++) { // large and small blocks (each size route), both ways
                boolean writes = t % 2 == 0;
                int blockSize = t < 2 ? SIZE / 2 : 64;
                copiers.add(CompletableFuture.supplyAsync(() -> {
                    byte[] block = new byte[blockSize];
                    started.countDown();
                    int copies = 0;
                    try {
                        while (true) {
                            if (writes) {
                                a.write(SIZE / 4, block);
                            } else {
                                a.read(0, block);
                            }
                            copies++;
                        }
                    } catch (SegmentClosedException expected) {
                        return copies;
                    }
                }, threads));
            }
            started.await();
            a.close();
            for (CompletableFuture<Integer> copier : copiers) {
                assertTrue(copier.get() >= 0);
            }
            assertThrows(SegmentClosedException.class, () -> a.read(0, new byte[1]));
        }
    }
}
