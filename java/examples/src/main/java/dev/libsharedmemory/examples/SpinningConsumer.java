package dev.libsharedmemory.examples;

import dev.libsharedmemory.SharedMemoryQueue;
import dev.libsharedmemory.WaitStrategy;
import java.nio.charset.StandardCharsets;

/**
 * The README's waiting example: OrderConsumer with the lowest-latency wait strategy and
 * take(), which waits without end (until a message, an interrupt or close()).
 */
public final class SpinningConsumer {
    private SpinningConsumer() {}

    public static void main(String[] args) throws InterruptedException {
        String name = args.length > 0 ? args[0] : "orders";
        try (SharedMemoryQueue queue = SharedMemoryQueue.open(name, true)) {
            queue.setWaitStrategy(WaitStrategy.busySpin());   // lowest latency, burns a core
            byte[] next = queue.take();                        // InterruptedException, SegmentClosedException
            for (String order; !(order = new String(next, StandardCharsets.UTF_8)).equals("done"); next = queue.take()) {
                System.out.println("received: " + order);
            }
            queue.destroy();
        }
    }
}
