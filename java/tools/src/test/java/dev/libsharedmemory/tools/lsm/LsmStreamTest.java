package dev.libsharedmemory.tools.lsm;

import static dev.libsharedmemory.tools.lsm.LsmInspectTest.assertContains;
import static dev.libsharedmemory.tools.lsm.LsmProcess.lsm;
import static dev.libsharedmemory.tools.lsm.LsmProcess.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.libsharedmemory.SharedMemoryReadStream;
import dev.libsharedmemory.SharedMemoryWriteStream;
import dev.libsharedmemory.TestSegments;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lsm read / write / create-stream against the native peer and the Java stream classes. */
class LsmStreamTest {

    @Test
    void readsWhatTheNativePeerWrote() {
        try (TestSegments names = new TestSegments()) {
            String text = names.next("text");
            peer("stream-write", text, "128", "string", "from C++ ✓").assertOk();
            assertEquals("from C++ ✓\n", lsm("read", text).assertOk().out());
            assertEquals("from C++ ✓", lsm("read", text, "--raw").assertOk().out());
            assertContains(lsm("read", text, "--json").assertOk().out(), "\"revision\":1", "\"type\":\"string\"",
                    "\"text\":\"from C++ ✓\"", "\"length\":12");

            String doubles = names.next("doubles");
            peer("stream-write", doubles, "64", "double", "1.5", "-2.25").assertOk();
            assertEquals("1.5 -2.25\n", lsm("read", doubles).assertOk().out());
            assertContains(lsm("read", doubles, "--json").assertOk().out(), "\"values\":[1.5,-2.25]");
        }
    }

    @Test
    void writesWhatTheNativePeerAndJavaRead(@TempDir Path dir) throws IOException {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("write");
            lsm("create-stream", name, "256", "--mode", "0640").assertOk();
            assertContains(lsm("inspect", name).assertOk().out(), "kind             stream", "mode 0640", "nobody wrote to yet");

            lsm("write", name, "from lsm ü").assertOk();
            assertEquals("from lsm ü", peer("stream-read", name, "256", "string").assertOk().out());
            try (SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 256, true)) {
                assertEquals("from lsm ü", reader.readString());
            }
            assertContains(lsm("inspect", name).assertOk().out(), "mode 0640", "revision         1");

            Path file = dir.resolve("payload.bin");
            Files.write(file, new byte[] {'a', 0, '\n', (byte) 0xff});
            lsm("write", name, "--file", file.toString()).assertOk();
            assertEquals("6100" + "0aff", peer("stream-read", name, "256", "hex").assertOk().out().strip());
        }
    }

    @Test
    void writeRefusesWhatWouldNotFitOrIsNotAStream() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("refuse");
            assertContains(lsm("write", name, "x").assertExit(ExitCode.NOT_FOUND).err(), "--size");
            lsm("write", name, "first", "--size", "30").assertOk();
            assertContains(lsm("write", name, "eleven char").assertExit(ExitCode.NO_ROOM).err(), "10-byte payload area");
            assertEquals("first\n", lsm("read", name).assertOk().out(), "a refused write changes nothing");
            lsm("write", name, "x", "--size", "20").assertExit(ExitCode.USAGE);
            lsm("write", name).assertExit(ExitCode.USAGE);

            String queue = names.next("queue");
            lsm("create-queue", queue, "2", "8").assertOk();
            assertContains(lsm("write", queue, "x").assertExit(ExitCode.WRONG_KIND).err(), "not a stream", "--force");
            assertContains(lsm("read", queue).assertExit(ExitCode.WRONG_KIND).err(), "is a queue");
            lsm("write", queue, "now a stream", "--force").assertOk();
            assertEquals("now a stream\n", lsm("read", queue).assertOk().out());

            assertContains(lsm("create-stream", name, "64").assertExit(ExitCode.EXISTS).err(), "--force");
            lsm("create-stream", name, "64", "--force").assertOk();
            lsm("create-stream", names.next("small"), "20").assertExit(ExitCode.USAGE);
            lsm("read", names.next("none")).assertExit(ExitCode.NOT_FOUND);
        }
    }

    @Test
    void followPrintsEveryRevisionOfAJavaWriter() throws IOException {
        try (TestSegments names = new TestSegments(); SharedMemoryWriteStream writer = new SharedMemoryWriteStream(names.next("follow"), 128, true)) {
            writer.write("zero");
            Process follower = LsmProcess.start("read", writer.name(), "--follow", "--count", "4", "--json");
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(follower.getInputStream(), StandardCharsets.UTF_8))) {
                assertContains(lines.readLine(), "\"revision\":1", "\"text\":\"zero\"");
                for (int i = 1; i <= 3; i++) {
                    writer.write("message " + i);
                    String line = lines.readLine();
                    assertContains(String.valueOf(line), "\"revision\":" + (i + 1), "\"text\":\"message " + i + "\"");
                }
            }
            LsmProcess.finish(follower, "lsm read --follow").assertOk();
            assertTrue(writer.isMessageRead(), "--follow acknowledges what it printed");
        }
    }

    @Test
    void followSurvivesWritersThatRecreateTheStream() throws IOException {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("recreate");
            Process follower = LsmProcess.start("read", name, "--follow", "--count", "3", "--timeout", "60s");
            peer("stream-write", name, "128", "string", "native one").assertOk(); // may come before the follower opens
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(follower.getInputStream(), StandardCharsets.UTF_8))) {
                // The follower needs the name to exist when it starts; if it started first it exited 2: restart.
                String first = lines.readLine();
                if (first == null) {
                    LsmProcess.finish(follower, "lsm read").assertExit(ExitCode.NOT_FOUND);
                    follower = LsmProcess.start("read", name, "--follow", "--count", "3", "--timeout", "60s");
                    lines.close();
                    BufferedReader again = new BufferedReader(new InputStreamReader(follower.getInputStream(), StandardCharsets.UTF_8));
                    first = again.readLine();
                    followRest(name, again);
                } else {
                    followRest(name, lines);
                }
                assertEquals("native one", first);
            }
            LsmProcess.finish(follower, "lsm read --follow").assertOk();
        }
    }

    private static void followRest(String name, BufferedReader lines) throws IOException {
        lsm("write", name, "lsm two").assertOk(); // re-creates the segment
        assertEquals("lsm two", lines.readLine());
        peer("stream-write", name, "128", "string", "native three").assertOk();
        assertEquals("native three", lines.readLine());
    }

    @Test
    void readWaitsForTheNextWriteAndAcknowledgesOnRequest() {
        try (TestSegments names = new TestSegments(); SharedMemoryWriteStream writer = new SharedMemoryWriteStream(names.next("ack"), 64, true)) {
            assertContains(lsm("read", writer.name(), "--new", "--timeout", "200ms").assertExit(ExitCode.TIMEOUT).err(),
                    "no new write within 200 ms");
            writer.write("unacknowledged");
            lsm("read", writer.name()).assertOk();
            assertFalse(writer.isMessageRead(), "a plain read does not acknowledge");
            lsm("read", writer.name(), "--ack").assertOk();
            assertTrue(writer.isMessageRead());
        }
    }
}
