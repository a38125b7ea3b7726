package dev.libsharedmemory.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.libsharedmemory.SharedMemory;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * docs/c-abi.md's C program, compiled against lsm_c.h and linked to the native library as the
 * page says, then run: its segment and stream work, and it leaves no segment behind.
 */
class CAbiExampleTest {
    private final String prefix = "lxc_" + Long.toString(ProcessHandle.current().pid(), 36);

    @AfterEach
    void removeLeftovers() {
        SharedMemory.remove(prefix + "_segment");
        SharedMemory.remove(prefix + "_stream");
    }

    private static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Paths.get(dir, program)));
    }

    @Test
    void cExampleBuildsAgainstTheHeaderAndRunsOnTheSharedLibrary() {
        assumeTrue(System.getProperty("os.name").startsWith("Linux") && onPath("cc"),
                "the page's build command is for Linux with cc");
        Path root = Paths.get(System.getProperty("lsm.repository.root", "../.."));
        Path libraryDir = Paths.get(System.getProperty("lsm.cmake.dir", root.resolve("target/cmake").toString()), "jni");
        Path program = Paths.get("target", "c_abi_example").toAbsolutePath();
        try (ExampleRun compiler = ExampleRun.nativeProgram(List.of("cc", "-Wall", "-Werror",
                "-I", root.resolve("jni/c").toString(), root.resolve("docs/examples/c_abi_example.c").toString(),
                "-L", libraryDir.toString(), "-llsmjava", "-Wl,-rpath," + libraryDir, "-o", program.toString()))) {
            compiler.finish();
        }
        try (ExampleRun example = ExampleRun.nativeProgram(List.of(program.toString(), prefix))) {
            List<String> lines = example.finish();
            assertEquals("segment '" + prefix + "_segment': 4096 bytes, \"hello from C\"", lines.get(0));
            assertEquals("stream '" + prefix + "_stream': { \"celsius\": 21.5 }", lines.get(1));
            assertTrue(lines.get(2).startsWith("refused: stream '" + prefix + "_stream': payload of 2048 bytes"),
                    lines.get(2));
            assertEquals(3, lines.size(), lines.toString());
        }
        assertFalse(SharedMemory.remove(prefix + "_segment"), "the C example left its segment behind");
        assertFalse(SharedMemory.remove(prefix + "_stream"), "the C example left its stream behind");
    }
}
