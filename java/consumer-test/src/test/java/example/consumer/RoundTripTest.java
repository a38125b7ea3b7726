package example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.libsharedmemory.SegmentNotFoundException;
import dev.libsharedmemory.SharedMemory;
import java.io.File;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** What a user does first: depend on the artifact, write bytes, read them back. */
class RoundTripTest {
    private static final String VERSION = System.getProperty("libsharedmemory.version");
    private static final String MAIN_JAR = "libsharedmemory-java-" + VERSION + ".jar";

    @Test
    void writeAndReadBackThroughTwoHandles() {
        String name = "lsmconsumer_" + ProcessHandle.current().pid();
        byte[] message = "hello from the consumer".getBytes(StandardCharsets.UTF_8);
        try (SharedMemory writer = SharedMemory.create(name, 4096, true);
                SharedMemory reader = SharedMemory.open(name, 4096, true)) {
            writer.buffer().put(0, message);
            byte[] read = new byte[message.length];
            reader.buffer().get(0, read);
            assertEquals(new String(message, StandardCharsets.UTF_8), new String(read, StandardCharsets.UTF_8));
            writer.destroy();
        }
        Executable reopen = () -> SharedMemory.open(name, 4096, true);
        org.junit.jupiter.api.Assertions.assertThrows(SegmentNotFoundException.class, reopen);
    }

    @Test
    void theClassPathHasTheLayoutThisRunAskedFor() throws java.io.IOException {
        List<String> jars = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(path -> new File(path).getName())
                .filter(file -> file.startsWith("libsharedmemory-java-"))
                .collect(Collectors.toList());
        String layout = System.getProperty("consumer.layout");
        if (layout.equals("split")) {
            String classifier = System.getProperty("natives.classifier");
            assertEquals(2, jars.size(), jars.toString());
            assertTrue(jars.stream().anyMatch(jar -> jar.endsWith("-nonatives.jar")), jars.toString());
            assertTrue(jars.stream().anyMatch(jar -> jar.endsWith("-" + classifier + ".jar")), jars.toString());
        } else {
            assertEquals(List.of(MAIN_JAR), jars);
        }
        // The natives come from exactly one JAR: the main one, or the platform's natives JAR.
        List<String> nativeJars = new java.util.ArrayList<>();
        getClass().getClassLoader().getResources("natives/").asIterator()
                .forEachRemaining(url -> nativeJars.add(jarName(url)));
        String expected = layout.equals("split")
                ? "libsharedmemory-java-" + VERSION + "-" + System.getProperty("natives.classifier") + ".jar"
                : MAIN_JAR;
        assertEquals(List.of(expected), nativeJars);
    }

    private static String jarName(URL url) {
        String path = url.getPath(); // file:/.../name.jar!/natives/
        int bang = path.indexOf("!/");
        return new File(bang < 0 ? path : path.substring(0, bang)).getName();
    }
}
