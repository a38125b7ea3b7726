package dev.libsharedmemory.examples;

import dev.libsharedmemory.SharedMemoryReadStream;
import dev.libsharedmemory.SharedMemoryWriteStream;
import java.time.Duration;

/** The README's stream example: libsharedmemory's own stream example, with change detection. */
public final class StreamExample {
    private StreamExample() {}

    public static void main(String[] args) throws InterruptedException {
        String name = args.length > 0 ? args[0] : "jsonPipe";

        // bufferSize counts the 20-byte header: this stream carries payloads of up to 65515 bytes.
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, 65535, false);
             SharedMemoryReadStream in = new SharedMemoryReadStream(name, 65535, false)) {

            out.write("{ foo: 'coolest IPC ever!' }");         // UTF-8; replaces the payload

            // The reader could be another thread or process, Java or C++.
            if (in.awaitNewData(Duration.ofSeconds(1))) {      // a write completed since it opened
                System.out.println("read: " + in.readString());
                in.markAsRead();                               // acknowledges it to the writer
            }
            System.out.println("acknowledged: " + out.isMessageRead());
        }
    }
}
