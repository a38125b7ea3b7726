import dev.libsharedmemory.SharedMemory;
import java.nio.charset.StandardCharsets;

/**
 * Compiled and run by scripts/standalone-check.sh against the built JAR and its two runtime
 * dependencies only: opens a segment the native peer created and prints its first bytes.
 */
public class StandaloneReader {
    public static void main(String[] args) {
        try (SharedMemory shm = SharedMemory.open(args[0], Long.parseLong(args[1]), true)) {
            byte[] bytes = new byte[Integer.parseInt(args[2])];
            shm.buffer().get(0, bytes);
            System.out.println(new String(bytes, StandardCharsets.UTF_8));
        }
    }
}
