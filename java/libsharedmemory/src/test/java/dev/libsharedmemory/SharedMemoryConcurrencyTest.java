package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Close during use: other threads either finish or get SegmentClosedException; the JVM never crashes. */
class SharedMemoryConcurrencyTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    @Test
    void closeWhileOtherThreadsUseTheHandle() throws InterruptedException {
        for (int round = 0; round < 20; round++) {
            String name = names.next("race");
            SharedMemory shm = SharedMemory.create(name, 8192, round % 2 == 0);
            AtomicReference<Throwable> unexpected = new AtomicReference<>();
            AtomicInteger closedSeen = new AtomicInteger();
            CountDownLatch started = new CountDownLatch(4);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread thread = new Thread(() -> {
                    started.countDown();
                    try {
                        while (true) {
                            ByteBuffer buffer = shm.buffer();
                            for (int i = 0; i < 8192; i += 512) {
                                buffer.putInt(i, buffer.getInt(i) + 1); // keeps working after close
                            }
                            shm.isStale();
                        }
                    } catch (SegmentClosedException expected) {
                        closedSeen.incrementAndGet();
                    } catch (Throwable t2) {
                        unexpected.set(t2);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            started.await();
            Thread.sleep(2);
            shm.close();
            for (Thread thread : threads) {
                thread.join(10_000);
            }
            assertEquals(null, unexpected.get());
            assertEquals(4, closedSeen.get());
            assertTrue(shm.isClosed());
        }
    }
}
