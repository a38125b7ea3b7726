package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle events where nobody records: without the jdk.jfr module (a jlinked runtime,
 * {@code --limit-modules}), on the class path and on the module path, the library loads and works
 * and its events are simply absent; with the module but no recording, no event class is even loaded.
 */
class LifecycleEventsAbsentTest {

    private static String assertRuns(List<String> command) {
        Processes.Result result = Processes.run(command);
        String out = new String(result.stdout(), StandardCharsets.UTF_8);
        assertEquals(0, result.exitCode(), () -> command + ": " + result.stderr() + out);
        assertTrue(out.lines().anyMatch("ok"::equals), () -> out + result.stderr());
        return out;
    }

    private static List<String> launcher(String nativeAccess) {
        List<String> command = new ArrayList<>(List.of(Processes.javaLauncher()));
        if (Runtime.version().feature() >= 22) {
            command.add("--enable-native-access=" + nativeAccess);
        }
        String libraryPath = System.getProperty(NativeLibrary.LIBRARY_PATH_PROPERTY);
        if (libraryPath != null) {
            command.add("-D" + NativeLibrary.LIBRARY_PATH_PROPERTY + "=" + libraryPath);
        }
        return command;
    }

    @Test
    void classPathWithJavaBaseOnly() {
        try (TestSegments names = new TestSegments()) {
            List<String> command = launcher("ALL-UNNAMED");
            command.addAll(List.of("--limit-modules", "java.base", "-cp", System.getProperty("java.class.path"),
                    UnrecordedLifecycle.class.getName(), names.next("nojfr"), "without-jfr"));
            assertRuns(command);
        }
    }

    @Test
    void modulePathWithoutJdkJfrResolved() {
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        String mainClasses = Paths.get("target", "classes").toAbsolutePath().toString();
        String testClasses = Paths.get("target", "test-classes").toAbsolutePath().toString();
        String nativeLoader = classPath.stream().filter(e -> e.contains("native-lib-loader")).collect(Collectors.joining());
        try (TestSegments names = new TestSegments()) {
            List<String> command = launcher("dev.libsharedmemory");
            // Observable: the JDK's java.base and the library's module and its one dependency.
            command.addAll(List.of("--module-path", mainClasses + File.pathSeparator + nativeLoader,
                    "--patch-module", "dev.libsharedmemory=" + testClasses, "--limit-modules", "java.base,org.scijava.nativelib",
                    "-m", "dev.libsharedmemory/" + UnrecordedLifecycle.class.getName(), names.next("nojfr"), "without-jfr"));
            assertRuns(command);
        }
    }

    @Test
    void withoutARecordingNoEventClassIsLoaded() {
        try (TestSegments names = new TestSegments()) {
            List<String> command = launcher("ALL-UNNAMED");
            command.addAll(List.of("-Xlog:class+load=info", "-cp", System.getProperty("java.class.path"),
                    UnrecordedLifecycle.class.getName(), names.next("norec"), "with-jfr"));
            String out = assertRuns(command);
            List<String> eventClasses = out.lines().filter(line -> line.matches(".*dev\\.libsharedmemory\\.\\w+Event .*"))
                    .collect(Collectors.toList());
            assertEquals(List.of(), eventClasses);
            assertTrue(out.contains("dev.libsharedmemory.LifecycleEvents "), "the events were not reported at all");
        }
    }
}
