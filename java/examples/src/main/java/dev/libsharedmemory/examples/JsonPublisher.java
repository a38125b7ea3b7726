package dev.libsharedmemory.examples;

import dev.libsharedmemory.SharedMemoryWriteStream;
import java.time.Duration;

/** The README's Java side of a stream shared with a C++ program (docs/examples/json_reader.cpp). */
public final class JsonPublisher {
    private JsonPublisher() {}

    public static void main(String[] args) throws InterruptedException {
        String name = args.length > 0 ? args[0] : "jsonPipe";

        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 65535, true)) {
            out.write("{ \"sensor\": 7, \"celsius\": 21.5 }");
            System.out.println("published on '" + name + "', waiting for a reader");
            boolean read = out.waitForRead(Duration.ofSeconds(30)); // until a reader calls markAsRead
            System.out.println(read ? "acknowledged by a reader" : "nobody read it");
            out.destroy();                                     // persistent: remove the name ourselves
        }
    }
}
