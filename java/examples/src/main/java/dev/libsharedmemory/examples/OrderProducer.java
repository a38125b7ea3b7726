package dev.libsharedmemory.examples;

import dev.libsharedmemory.SharedMemoryQueue;
import java.time.Duration;

/** The README's first queue program: creates the queue and sends orders. */
public final class OrderProducer {
    private OrderProducer() {}

    public static void main(String[] args) throws InterruptedException {
        String name = args.length > 0 ? args[0] : "orders";

        // isWriter = true creates the queue: 16 messages of up to 256 bytes. persistent = true:
        // it outlives this process, so the consumer may start later.
        try (SharedMemoryQueue orders = new SharedMemoryQueue(name, 16, 256, true, true)) {
            for (String order : new String[] {"3 apples", "1 pear", "2 coffees", "done"}) {
                if (!orders.offer(order, Duration.ofSeconds(10))) {  // waits while the queue is full
                    throw new IllegalStateException("queue '" + name + "' stayed full for 10 s");
                }
                System.out.println("sent: " + order);
            }
        }
    }
}
