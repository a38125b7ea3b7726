package dev.libsharedmemory.tools.lsm;

import static dev.libsharedmemory.tools.lsm.LsmInspectTest.assertContains;
import static dev.libsharedmemory.tools.lsm.LsmProcess.lsm;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.libsharedmemory.SharedMemory;
import dev.libsharedmemory.TestSegments;
import java.nio.file.Files;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Every failure is one clear line on stderr and the documented exit code; hostile segments included. */
class LsmErrorsTest {

    @Test
    void helpListsTheExitCodes() {
        assertContains(lsm("--help").assertOk().out(), "Exit codes:", "2  not found", "10  held", "list", "inspect", "unlock",
                "rm");
        assertContains(lsm("inspect", "--help").assertOk().out(), "--json", "--as");
    }

    @Test
    void usageErrorsExitWith1() {
        assertContains(lsm().assertExit(ExitCode.USAGE).err(), "missing command");
        String unknown = lsm("frobnicate", "x").assertExit(ExitCode.USAGE).err();
        assertContains(unknown, "lsm: unknown command 'frobnicate'\n", "Commands: list, inspect, read, write, recv, send, "
                + "create-stream, create-queue, unlock, rm, help.");
        assertFalse(unknown.contains("Unmatched"), unknown);
        assertContains(lsm("inspect").assertExit(ExitCode.USAGE).err(), "NAME");
        assertContains(lsm("inspect", "x", "--bogus").assertExit(ExitCode.USAGE).err(), "--bogus");
        assertContains(lsm("inspect", "x", "--as", "heap").assertExit(ExitCode.USAGE).err(), "heap");
        assertContains(lsm("inspect", "a/b").assertExit(ExitCode.USAGE).err(), "a/b", "path separator");
    }

    @Test
    void missingSegmentExitsWith2() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("none");
            assertContains(lsm("inspect", name).assertExit(ExitCode.NOT_FOUND).err(), "lsm: ", name);
        }
    }

    @Test
    void wrongKindExitsWith4AndSaysWhy() {
        try (TestSegments names = new TestSegments()) {
            String stream = names.next("stream");
            Crafted.stream(stream, 64, 0x02, 1, 0, "text", 0);
            assertContains(lsm("inspect", stream, "--as", "queue").assertExit(ExitCode.WRONG_KIND).err(),
                    "'" + stream + "' is not a queue", "capacity");
            // Raw decoding of anything works.
            assertContains(lsm("inspect", stream, "--as", "raw").assertOk().out(), "kind             raw");

            String tiny = names.next("tiny");
            Crafted.raw(tiny, 3, new byte[] {2});
            assertContains(lsm("inspect", tiny, "--as", "stream").assertExit(ExitCode.WRONG_KIND).err(),
                    "cannot hold the 20-byte stream header");
            assertContains(lsm("inspect", tiny).assertOk().out(), "kind             raw");
        }
    }

    @Test
    void hostileHeadersGiveCleanMessages() {
        try (TestSegments names = new TestSegments()) {
            // A stream whose size field points far past the segment.
            String stream = names.next("hstream");
            Crafted.stream(stream, 64, 0x02, 1, 0, "abc", 0);
            Crafted.putInt(stream, 12, -1);
            assertContains(lsm("inspect", stream).assertOk().out(), "kind             raw");
            assertContains(lsm("inspect", stream, "--as", "stream").assertExit(ExitCode.WRONG_KIND).err(),
                    "payload size 4294967295 exceeds the 44-byte payload area");

            // A queue whose geometry fits but whose count and indices do not.
            String queue = names.next("hqueue");
            Crafted.queue(queue, 4, 8);
            Crafted.putInt(queue, 12, 1000);
            Crafted.putInt(queue, 4, 77);
            assertContains(lsm("inspect", queue).assertOk().out(), "kind             raw");
            assertContains(lsm("inspect", queue, "--as", "queue").assertExit(ExitCode.WRONG_KIND).err(),
                    "readIndex 77 is not below capacity 4", "count 1000 exceeds capacity 4");

            // A queue whose message length field exceeds maxMessageSize: shown as corrupt, never read.
            String slot = names.next("hslot");
            Crafted.queue(slot, 2, 8);
            Crafted.enqueue(slot, 0, "ok", "fine");
            Crafted.putInt(slot, 28 + 12, 0x7fff_ffff);
            String text = lsm("inspect", slot).assertOk().out();
            assertContains(text, "#0 slot 0, 2 bytes: \"ok\"", "#1 slot 1, 2147483647 bytes: corrupt, length 2147483647 exceeds maxMessageSize 8");
            assertContains(lsm("inspect", slot, "--json").assertOk().out(), "\"problem\":\"length 2147483647 exceeds maxMessageSize 8\"");

            // A geometry whose size equation overflows 64 bits.
            String overflow = names.next("hover");
            Crafted.raw(overflow, 64, new byte[] {0});
            Crafted.putInt(overflow, 8, -1);
            Crafted.putInt(overflow, 16, -1);
            assertContains(lsm("inspect", overflow, "--as", "queue").assertExit(ExitCode.WRONG_KIND).err(), "overflow");

            assertTrue(lsm("list", "--json").assertOk().out().contains(overflow));
        }
    }

    @Test
    void emptyObjectIsListedAndInspectedCleanly() throws Exception {
        assumeTrue(SegmentFiles.supported());
        try (TestSegments names = new TestSegments()) {
            String name = names.next("empty");
            Files.createFile(Paths.get("/dev/shm", name));
            assertContains(lsm("list", name).assertOk().out(), "empty (0 bytes)");
            assertContains(lsm("inspect", name).assertExit(ExitCode.USAGE).err(), name, "0 bytes");
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void permissionDeniedExitsWith3() {
        assumeTrue("root".equals(System.getProperty("user.name")), "runs the tool as nobody via setpriv, needs root");
        assumeTrue(Files.isExecutable(Paths.get("/usr/bin/setpriv")), "setpriv is missing");
        try (TestSegments names = new TestSegments()) {
            String name = names.next("denied");
            try (SharedMemory shm = SharedMemory.create(name, 64, true, 0600)) {
                LsmProcess.Result result = LsmProcess.run(LsmProcess.asNobody(LsmProcess.command("inspect", name)));
                result.assertExit(ExitCode.ACCESS_DENIED);
                assertContains(result.err(), name);
                // list still shows it, with the reason in place of the kind.
                LsmProcess.Result list = LsmProcess.run(LsmProcess.asNobody(LsmProcess.command("list", name)));
                assertContains(list.assertOk().out(), name, "?");
            }
        }
    }
}
