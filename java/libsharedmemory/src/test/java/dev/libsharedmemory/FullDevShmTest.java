package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Issue #16 item 1: segments that a C++ peer created the way libsharedmemory does (ftruncate only,
 * so sparse), opened by a JVM on a full /dev/shm. In a private mount namespace with a 1 MiB tmpfs
 * on /dev/shm: lsm-peer creates a 4 MiB queue, stream and raw segment, a file fills the rest,
 * then a second JVM opens each and uses it. It must get OutOfSpaceException, not die of SIGBUS.
 */
@EnabledOnOs(OS.LINUX)
class FullDevShmTest {
    private static final String SIZE = Integer.toString(4 << 20);

    // $1: lsm-peer; $2..: the JVM peer's command line up to its arguments. Prints, per step,
    // its output and "<step> exit <code>".
    private static final String SCRIPT = String.join("\n",
            "set -u",
            "mount -t tmpfs -o size=1m lsm-full /dev/shm || exit 90",
            "peer=$1; shift",
            "\"$peer\" sparse-queue-create queue 64 65536 && \"$peer\" sparse-create stream " + SIZE
                    + " && \"$peer\" sparse-create raw " + SIZE + " || exit 91",
            "head -c 2m /dev/zero > /dev/shm/filler 2>/dev/null", // fails once /dev/shm is full
            "step() { label=$1; shift; \"$@\" 2>&1; echo \"$label exit $?\"; }",
            // A message of 8000 bytes reaches the queue's second page, which nobody allocated.
            "step queue \"$@\" queue-enqueue queue \"$(head -c 8000 /dev/zero | tr '\\0' m)\"",
            "step stream \"$@\" stream-read stream " + SIZE + " hex",
            "step raw \"$@\" segment-write raw " + SIZE + " 4000000 data --copy", // SharedMemory.write
            "exit 0");

    @Test
    void sparseSegmentsOfAPeerFailWithOutOfSpaceOnAFullDevShm() {
        List<String> unshare = unshareCommand();
        List<String> command = new ArrayList<>(unshare);
        command.addAll(List.of("sh", "-c", SCRIPT, "sh", Processes.peerExecutable().toString()));
        command.addAll(Processes.jvmCommand(JvmPeer.class));
        Processes.Result result = Processes.run(command);
        String out = result.out();
        assertEquals(0, result.exitCode(), () -> "setup failed: " + out + result.stderr());
        for (String step : new String[] {"queue", "stream", "raw"}) {
            // 2: the JVM peer caught a SharedMemoryException; 134 would be SIGBUS (abort).
            assertTrue(out.contains(step + " exit 2"), () -> step + ": " + out);
            assertTrue(out.contains("OutOfSpaceException: cannot reserve " + (step.equals("queue") ? "" : SIZE)),
                    () -> step + ": " + out);
            assertTrue(out.contains("for segment '" + step + "'"), () -> step + ": " + out);
        }
    }

    /** unshare -m (as root) or unshare -rm (a user namespace); skips the test when neither works here. */
    private static List<String> unshareCommand() {
        String failures = "";
        for (List<String> candidate : List.of(List.of("unshare", "-m"), List.of("unshare", "-r", "-m"))) {
            List<String> probe = new ArrayList<>(candidate);
            probe.addAll(List.of("sh", "-c", "mount -t tmpfs -o size=1m lsm-probe /dev/shm"));
            try {
                Processes.Result result = Processes.run(probe);
                if (result.exitCode() == 0) {
                    return candidate;
                }
                failures += " " + candidate + ": " + result.stderr().trim();
            } catch (java.io.UncheckedIOException e) {
                failures += " " + candidate + ": " + e.getMessage();
            }
        }
        assumeTrue(false, "needs a private mount namespace with its own /dev/shm (root or user namespaces):" + failures);
        return List.of();
    }
}
