package example.modular;

import dev.libsharedmemory.SharedMemory;
import dev.libsharedmemory.SharedMemoryQueue;
import dev.libsharedmemory.SharedMemoryReadStream;
import dev.libsharedmemory.SharedMemoryWriteStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a user's program does first: a segment, a stream and a queue, each written and read
 * back. Prints nothing when all went as expected (scripts/consumer-test.sh checks that stdout
 * and stderr stay empty: a quiet start), else what went wrong on stderr, and exits 1.
 *
 * <p>System properties say what the run expects: {@code expect.module} the library's module
 * ("dev.libsharedmemory", or "unnamed" on the class path), {@code expect.natives} the module that
 * must carry the natives (split layout on the module path), {@code expect.ffm} whether the data
 * calls take foreign downcalls (true on JDK 22+ with native access for the library's module).
 */
public final class ModularApp {
    private static final List<String> problems = new ArrayList<>();

    public static void main(String[] args) throws Exception {
        String name = "lsmmodular_" + ProcessHandle.current().pid();
        byte[] message = "hello from a modular application".getBytes(StandardCharsets.UTF_8);
        try (SharedMemory writer = SharedMemory.create(name, 4096, false);
                SharedMemory reader = SharedMemory.open(name, 4096, false)) {
            writer.write(0, message);
            byte[] read = new byte[message.length];
            reader.read(0, read);
            check(new String(read, StandardCharsets.UTF_8).equals(new String(message, StandardCharsets.UTF_8)),
                    "segment read back " + new String(read, StandardCharsets.UTF_8));
        }
        try (SharedMemoryWriteStream write = new SharedMemoryWriteStream(name + "s", 1024, false);
                SharedMemoryReadStream read = new SharedMemoryReadStream(name + "s", 1024, false)) {
            write.write("stream message");
            check("stream message".equals(read.readString()), "stream read back something else");
        }
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name + "q", 4, 64, false, true)) {
            queue.enqueue("queued");
            check("queued".equals(queue.dequeueString()), "queue gave back something else");
        }
        expect("expect.module", moduleName(SharedMemory.class.getModule()));
        String natives = System.getProperty("expect.natives");
        if (natives != null) {
            check(ModuleLayer.boot().findModule(natives).isPresent(), "module " + natives + " is not in the boot layer");
        }
        expect("expect.ffm", String.valueOf(foreignCallsEnabled()));
        if (!problems.isEmpty()) {
            problems.forEach(System.err::println);
            System.exit(1);
        }
    }

    private static String moduleName(Module module) {
        return module.isNamed() ? module.getName() : "unnamed";
    }

    /** The library's route, read by reflection: its module is open, as the class path is. */
    private static boolean foreignCallsEnabled() throws ReflectiveOperationException {
        java.lang.reflect.Field enabled = Class.forName("dev.libsharedmemory.ForeignCalls").getDeclaredField("ENABLED");
        enabled.setAccessible(true);
        return enabled.getBoolean(null);
    }

    private static void expect(String property, String actual) {
        String expected = System.getProperty(property);
        check(expected == null || expected.equals(actual), property + ": expected " + expected + ", got " + actual);
    }

    private static void check(boolean ok, String problem) {
        if (!ok) {
            problems.add("ModularApp: " + problem);
        }
    }
}
