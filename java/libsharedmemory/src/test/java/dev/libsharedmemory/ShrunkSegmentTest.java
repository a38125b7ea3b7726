package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * A segment shrunk by another process (ftruncate) while a Java handle maps it: the calls throw
 * CorruptSegmentException and the JVM lives, on both routes (JNI, and foreign downcalls on JDK
 * 22+), and the JVM's own fault handling (implicit null checks, stack overflow, a ByteBuffer
 * past the cut) still works. In a child JVM (ShrunkSegmentScenarios), which without the
 * library's SIGBUS handling dies of SIGBUS.
 */
@EnabledOnOs(OS.LINUX) // macOS cannot shrink a sized shm object; Windows cannot shrink a mapped section
class ShrunkSegmentTest {

    private static Processes.Result runScenarios(String... jvmOptions) {
        return runScenarios(List.of(), jvmOptions);
    }

    /** Runs the child JVM, its command preceded by {@code prefix} (e.g. env VAR=value). */
    private static Processes.Result runScenarios(List<String> prefix, String... jvmOptions) {
        try (TestSegments names = new TestSegments()) {
            List<String> command = Processes.jvmCommand(ShrunkSegmentScenarios.class,
                    names.next("shrinks"), names.next("shrinkq"), names.next("shrinkm"), names.next("shrinkj"),
                    names.next("shrinkv"), names.next("viewws"), names.next("viewwq"));
            command.addAll(1, List.of(jvmOptions));
            // A JVM that dies of SIGBUS (without the fix) writes its crash report there, not here.
            command.add(1, "-XX:ErrorFile=" + System.getProperty("java.io.tmpdir") + "/lsm-shrunk-hs_err_%p.log");
            command.addAll(0, prefix);
            return Processes.run(command);
        }
    }

    private static void assertAllScenariosPass(Processes.Result result) {
        assertEquals(0, result.exitCode(), () -> "child JVM exit " + result.exitCode()
                + (result.out().contains("SIGBUS") ? " (the JVM died of SIGBUS)" : "") + "; stdout: " + result.out()
                + "; stderr: " + result.stderr());
        for (String scenario : List.of("ok stream", "ok queue", "ok segment", "ok views", "ok jvm faults")) {
            assertTrue(result.out().contains(scenario), () -> scenario + " missing: " + result.out());
        }
    }

    @Test
    void callsOnAShrunkSegmentThrowCorruptSegmentException() {
        assertAllScenariosPass(runScenarios());
    }

    @Test
    void theJniRouteToo() {
        assertAllScenariosPass(runScenarios("-D" + ForeignCalls.PROPERTY + "=false"));
    }

    // HotSpot's periodic handler check prints, once, "Warning: SIGBUS handler modified!" with
    // the handler table and "Consider using jsig library." (on stdout): expected, not an error.
    @Test
    void underXcheckJni() {
        Processes.Result result = runScenarios("-Xcheck:jni");
        assertAllScenariosPass(result);
        List<String> warnings = new ArrayList<>();
        for (String line : (result.out() + result.stderr()).split("\n")) {
            if (line.startsWith("Warning") || line.contains("SIGBUS")) warnings.add(line.trim());
        }
        System.out.println("-Xcheck:jni printed: " + warnings);
    }

    // With libjsig preloaded the JVM's handler stays in front and calls ours for the SIGBUS it
    // does not recognise.
    @Test
    void withLibjsigPreloaded() {
        String libjsig = System.getProperty("java.home") + "/lib/libjsig.so";
        assertAllScenariosPass(runScenarios(List.of("env", "LD_PRELOAD=" + libjsig)));
    }
}
