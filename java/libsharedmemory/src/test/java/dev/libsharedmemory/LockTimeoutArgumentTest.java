package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** setLockTimeout refuses null and negative durations alike on streams and queues: InvalidArgumentException naming the handle. */
class LockTimeoutArgumentTest {
    private static void refuses(Consumer<Duration> setLockTimeout, String name) {
        for (Duration bad : new Duration[] {null, Duration.ofMillis(-1)}) {
            InvalidArgumentException e = assertThrows(InvalidArgumentException.class, () -> setLockTimeout.accept(bad));
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        setLockTimeout.accept(Duration.ofSeconds(Long.MAX_VALUE)); // saturates, no exception
    }

    @Test
    void streamsAndQueuesAnswerTheSame() {
        try (TestSegments names = new TestSegments()) {
            String stream = names.next("timeout");
            String queue = names.next("timeoutq");
            try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(stream, 64, false);
                    SharedMemoryReadStream reader = new SharedMemoryReadStream(stream, 64, false);
                    SharedMemoryQueue q = new SharedMemoryQueue(queue, 2, 8, false, true)) {
                refuses(writer::setLockTimeout, stream);
                refuses(reader::setLockTimeout, stream);
                refuses(q::setLockTimeout, queue);
            }
        }
    }
}
