package dev.libsharedmemory.tools.lsm;

import static dev.libsharedmemory.tools.lsm.LsmProcess.lsm;
import static dev.libsharedmemory.tools.lsm.LsmProcess.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.libsharedmemory.SharedMemory;
import dev.libsharedmemory.TestSegments;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** lsm list and lsm inspect over segments made by the native peer and by Java. */
class LsmInspectTest {
    private static final long PID = ProcessHandle.current().pid();

    @Test
    void inspectsARawSegmentOfTheNativePeer() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("raw");
            peer("segment-create", name, "128").assertOk();
            peer("segment-write", name, "128", "0", "Hello from C++").assertOk();

            String text = lsm("inspect", name).assertOk().out();
            assertContains(text, "kind             raw", "48 65 6c 6c 6f 20 66 72", "|Hello from C++..|",
                    "text up to the first NUL: \"Hello from C++\"");
            String json = lsm("inspect", name, "--json").assertOk().out();
            assertContains(json, "\"kind\":\"raw\"", "\"size\":128", "\"mode\":\"0600\"", "\"cString\":\"Hello from C++\"");
        }
    }

    @Test
    void decodesEveryStreamHeaderField() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("stream");
            int token = (int) (0x8000_0000L | PID);
            Crafted.stream(name, 256, 0x03, 3, 2, "grüße\n", token);

            String text = lsm("inspect", name).assertOk().out();
            assertContains(text, "kind             stream", "0x03: type string, change bit 1", "revision         3",
                    "ack              2 (1 write(s) not acknowledged)", "size             8 bytes (payload area 236 bytes)",
                    "lock             held by process " + PID + " (alive)", "text: \"grüße\\n\"", "00000014");
            String json = lsm("inspect", name, "--json").assertOk().out();
            assertContains(json, "\"kind\":\"stream\"", "\"flags\":3", "\"type\":\"string\"", "\"changeBit\":true",
                    "\"revision\":3", "\"ack\":2", "\"unread\":1", "\"size\":8", "\"maxPayload\":236",
                    "\"holderPid\":" + PID, "\"holderAlive\":true", "\"text\":\"grüße\\n\"");
        }
    }

    @Test
    void showsTheValuesOfADoubleStreamAndAnUpstreamLock() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("double");
            try (SharedMemory shm = SharedMemory.create(name, 64, true)) {
                shm.buffer().put(0, (byte) 0x08).putInt(4, 1).putInt(12, 16).putInt(16, 1)
                        .putDouble(20, 1.5).putDouble(28, -2.25);
            }
            String text = lsm("inspect", name).assertOk().out();
            assertContains(text, "type double", "values: [1.5, -2.25]", "held by a process of unknown identity (value 1)");
            assertContains(lsm("inspect", name, "--json").assertOk().out(), "\"values\":[1.5,-2.25]", "\"holderPid\":null");
        }
    }

    @Test
    void showsTheLockWordThatAForcedUnlockLeavesAsNobody() {
        try (TestSegments names = new TestSegments()) {
            String stream = names.next("forced");
            Crafted.stream(stream, 64, 0x02, 1, 1, "x", 0x8000_0000);
            String expected = "nobody (unlocked by force, not yet taken over)";
            assertContains(lsm("inspect", stream).assertOk().out(), "lock             " + expected);
            assertContains(lsm("inspect", stream, "--json").assertOk().out(), "\"value\":2147483648",
                    "\"abandoned\":true", "\"holderPid\":null", "\"description\":\"" + expected + "\"");
            assertContains(lsm("list", stream).assertOk().out(), "lock " + expected);

            String queue = names.next("forcedq");
            Crafted.queue(queue, 2, 8);
            Crafted.putInt(queue, 24, 0x8000_0000);
            assertContains(lsm("inspect", queue).assertOk().out(), "consumerLock     " + expected);
        }
    }

    @Test
    void decodesAQueueAndItsMessagesInOrderAcrossTheWrap() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("queue");
            Crafted.queue(name, 4, 16);
            Crafted.enqueue(name, 3, "first", "second");

            String text = lsm("inspect", name).assertOk().out();
            assertContains(text, "kind             queue", "capacity         4 slots", "maxMessageSize   16 bytes",
                    "count            2", "readIndex        3", "writeIndex       1", "producerLock     free",
                    "#0 slot 3, 5 bytes: \"first\"", "#1 slot 0, 6 bytes: \"second\"", "|first|");
            assertTrue(text.indexOf("first") < text.indexOf("second"), text);
            String json = lsm("inspect", name, "--json").assertOk().out();
            assertContains(json, "\"kind\":\"queue\"", "\"capacity\":4", "\"maxMessageSize\":16", "\"count\":2",
                    "\"readIndex\":3", "\"writeIndex\":1", "\"text\":\"first\"", "\"text\":\"second\"", "\"slot\":3");
        }
    }

    @Test
    void previewsAreLimited() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("limit");
            Crafted.stream(name, 4096, 0x02, 1, 1, "x".repeat(1000), 0);
            String json = lsm("inspect", name, "--json", "--bytes", "10").assertOk().out();
            assertContains(json, "\"length\":1000", "\"shown\":10", "\"text\":\"xxxxxxxxxx\"");
            assertContains(lsm("inspect", name, "--bytes", "10").assertOk().out(), "payload (1000 bytes, showing 10)");
        }
    }

    @Test
    void listShowsKindsOwnerAndMode() {
        try (TestSegments names = new TestSegments()) {
            String raw = names.next("lraw");
            String stream = names.next("lstream");
            String queue = names.next("lqueue");
            peer("segment-create", raw, "100", "--mode", "0640").assertOk();
            peer("segment-write", raw, "100", "0", "plain bytes").assertOk();
            Crafted.stream(stream, 128, 0x02, 1, 0, "hi", 0);
            Crafted.queue(queue, 8, 32);
            Crafted.enqueue(queue, 0, "a", "b", "c");

            String json = lsm("list", "--json").assertOk().out();
            assertEquals("raw", kindOf(json, raw));
            assertEquals("stream", kindOf(json, stream));
            assertEquals("queue", kindOf(json, queue));
            assertContains(json, "\"name\":\"" + raw + "\",\"size\":100,\"owner\":\"" + System.getProperty("user.name")
                    + "\"", "\"mode\":\"0640\"");

            String table = lsm("list", "lj*_" + raw.split("_")[1] + "_*").assertOk().out();
            assertContains(table, "NAME", "KIND", raw, "rw-r-----", "3/8 messages, max 32 B", "string, revision 1, 2 B, unread");
            assertEquals(4, table.strip().split("\n").length, "the glob selects this test's three segments:\n" + table);
        }
    }

    static String kindOf(String json, String name) {
        Matcher m = Pattern.compile("\\{\"name\":\"" + Pattern.quote(name) + "\",[^{}]*?\"kind\":\"(\\w+)\"").matcher(json);
        assertTrue(m.find(), () -> name + " not listed: " + json);
        return m.group(1);
    }

    static void assertContains(String text, String... parts) {
        for (String part : parts) {
            assertTrue(text.contains(part), () -> "missing '" + part + "' in:\n" + text);
        }
    }
}
