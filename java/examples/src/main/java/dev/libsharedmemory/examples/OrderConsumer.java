package dev.libsharedmemory.examples;

import dev.libsharedmemory.SharedMemoryQueue;
import java.time.Duration;

/** The README's second queue program: receives the orders, then removes the queue. */
public final class OrderConsumer {
    private OrderConsumer() {}

    public static void main(String[] args) throws InterruptedException {
        String name = args.length > 0 ? args[0] : "orders";

        // Opens the existing queue; capacity and message size come from its header.
        // (SharedMemoryQueue.openOrCreate(name, 16, 256, true) would attach or create, never replace.)
        try (SharedMemoryQueue orders = SharedMemoryQueue.open(name, true)) {
            String order;
            while ((order = orders.pollString(Duration.ofSeconds(10))) != null && !order.equals("done")) {
                System.out.println("received: " + order);
            }
            orders.destroy();                                  // removes the name for everyone
        }
    }
}
