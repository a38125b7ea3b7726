package dev.libsharedmemory.tools.lsm;

import static dev.libsharedmemory.tools.lsm.LsmInspectTest.assertContains;
import static dev.libsharedmemory.tools.lsm.LsmProcess.lsm;
import static dev.libsharedmemory.tools.lsm.LsmProcess.peer;

import dev.libsharedmemory.TestSegments;
import org.junit.jupiter.api.Test;

/** lsm rm removes names, whoever created them. */
class LsmRmTest {

    @Test
    void removesSegmentsOfTheNativePeerAndOfJava() {
        try (TestSegments names = new TestSegments()) {
            String fromPeer = names.next("peer");
            String fromJava = names.next("java");
            peer("segment-create", fromPeer, "64").assertOk();
            Crafted.queue(fromJava, 2, 4);

            lsm("rm", fromPeer, fromJava).assertOk();
            peer("segment-size", fromPeer).assertExit(2);
            lsm("inspect", fromJava).assertExit(ExitCode.NOT_FOUND);
        }
    }

    @Test
    void missingNamesExitWith2UnlessForced() {
        try (TestSegments names = new TestSegments()) {
            String present = names.next("here");
            String missing = names.next("gone");
            peer("segment-create", present, "64").assertOk();

            assertContains(lsm("rm", missing, present).assertExit(ExitCode.NOT_FOUND).err(), missing);
            peer("segment-size", present).assertExit(2); // removed all the same
            lsm("rm", "-f", missing).assertOk();
            lsm("rm").assertExit(ExitCode.USAGE);
        }
    }
}
