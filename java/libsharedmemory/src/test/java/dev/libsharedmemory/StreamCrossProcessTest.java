package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Streams between this JVM and a peer process (native lsm-peer, or a second JVM), both directions. */
class StreamCrossProcessTest {
    private static final int SIZE = 64; // payload area: 44 bytes
    private static final String TEXT = "Grüße 🧑‍💻 from the other side";
    private static final String MAX = "m".repeat(SIZE - 20);
    private static final Duration LONG = Duration.ofSeconds(30);

    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    private static float[] floats(String out) {
        String[] lines = out.trim().split("\n");
        float[] values = new float[lines.length];
        for (int i = 0; i < lines.length; i++) {
            values[i] = Float.parseFloat(lines[i]);
        }
        return values;
    }

    private static double[] doubles(String out) {
        String[] lines = out.trim().split("\n");
        double[] values = new double[lines.length];
        for (int i = 0; i < lines.length; i++) {
            values[i] = Double.parseDouble(lines[i]);
        }
        return values;
    }

    @ParameterizedTest
    @EnumSource(StreamPeers.class)
    void peerWritesJavaReads(StreamPeers peer) {
        String name = names.next("p2j");
        peer.run("stream-write", name, "" + SIZE, "string", TEXT).assertSuccess();
        try (SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true)) {
            assertEquals(TEXT, in.readString());
            assertEquals(StreamDataType.STRING, in.readDataType());
            assertEquals(3, in.readFlags()); // a fresh writer's first write
        }
        peer.run("stream-write", name, "" + SIZE, "string", "").assertSuccess();
        try (SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true)) {
            assertEquals("", in.readString());
            assertEquals(0, in.readSize());
        }
        peer.run("stream-write", name, "" + SIZE, "string", MAX).assertSuccess();
        try (SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true)) {
            assertEquals(MAX, in.readString());
            ByteBuffer exact = ByteBuffer.allocateDirect(SIZE - 20);
            assertEquals(SIZE - 20, in.read(exact));
        }
        peer.run("stream-write", name, "" + SIZE, "hex", "00610062ff00").assertSuccess();
        try (SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true)) {
            assertArrayEquals(new byte[] {0, 'a', 0, 'b', (byte) 0xff, 0}, in.readBytes());
        }
        peer.run("stream-write", name, "" + SIZE, "float", "1.5", "-2.25", "3.4028235e38").assertSuccess();
        try (SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true)) {
            assertArrayEquals(new float[] {1.5f, -2.25f, Float.MAX_VALUE}, in.readFloatArray());
            assertEquals(StreamDataType.FLOAT, in.readDataType());
        }
        peer.run("stream-write", name, "" + SIZE, "double", "3.141592653589793", "-1e300").assertSuccess();
        try (SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true)) {
            assertArrayEquals(new double[] {Math.PI, -1e300}, in.readDoubleArray());
            assertEquals(StreamDataType.DOUBLE, in.readDataType());
        }
        Processes.Result tooLarge = peer.run("stream-write", name, "" + SIZE, "string", MAX + "!");
        assertEquals(2, tooLarge.exitCode(), tooLarge.stderr());
    }

    @ParameterizedTest
    @EnumSource(StreamPeers.class)
    void javaWritesPeerReads(StreamPeers peer) {
        String name = names.next("j2p");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, SIZE, true)) {
            out.write(TEXT);
            assertArrayEquals(TEXT.getBytes(StandardCharsets.UTF_8),
                    peer.run("stream-read", name, "" + SIZE, "string").assertSuccess().stdout());
            out.write("");
            assertEquals("", peer.run("stream-read", name, "" + SIZE, "string").assertSuccess().out());
            out.write(MAX);
            assertEquals(MAX, peer.run("stream-read", name, "" + SIZE, "string").assertSuccess().out());
            out.write(new byte[] {0, 'a', 0});
            assertEquals("006100", peer.run("stream-read", name, "" + SIZE, "hex").assertSuccess().out().trim());
            out.write(new float[] {1.5f, -2.25f, Float.MIN_VALUE});
            assertArrayEquals(new float[] {1.5f, -2.25f, Float.MIN_VALUE},
                    floats(peer.run("stream-read", name, "" + SIZE, "float").assertSuccess().out()));
            out.write(new double[] {Math.E, -1e-300});
            assertArrayEquals(new double[] {Math.E, -1e-300},
                    doubles(peer.run("stream-read", name, "" + SIZE, "double").assertSuccess().out()));
        }
    }

    @ParameterizedTest
    @EnumSource(StreamPeers.class)
    void changeDetectionWhenThePeerWrites(StreamPeers peer) throws Exception {
        String name = names.next("p2jchg");
        Process writer = peer.start("stream-write", name, "" + SIZE, "string", TEXT, "--go", "--wait-read", "30000");
        assertEquals("created", StreamPeers.readLine(writer));
        try (SharedMemoryReadStream in = new SharedMemoryReadStream(name, SIZE, true)) {
            assertFalse(in.hasNewData());
            StreamPeers.sendLine(writer, "go");
            assertTrue(in.awaitNewData(LONG));
            assertEquals(TEXT, in.readString());
            in.markAsRead(); // the peer's waitForRead returns
            assertFalse(in.hasNewData());
            Processes.Result result = Processes.finish(writer, "peer writer").assertSuccess();
            assertEquals("written\nread\n", result.out());
        }
        // Nobody acknowledges: the peer's wait times out.
        Processes.Result unread = peer.run("stream-write", name, "" + SIZE, "string", "x", "--wait-read", "50");
        assertEquals(3, unread.exitCode(), unread.stderr());
        assertTrue(unread.out().endsWith("unread\n"), unread.out());
    }

    @ParameterizedTest
    @EnumSource(StreamPeers.class)
    void changeDetectionWhenJavaWrites(StreamPeers peer) throws Exception {
        String name = names.next("j2pchg");
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(name, SIZE, true)) {
            out.write("first");
            assertFalse(out.isMessageRead());
            peer.run("stream-read", name, "" + SIZE, "string").assertSuccess();
            assertFalse(out.isMessageRead()); // reading alone does not acknowledge
            peer.run("stream-read", name, "" + SIZE, "string", "--mark").assertSuccess();
            assertTrue(out.isMessageRead());

            Process reader = peer.start("stream-await", name, "" + SIZE, "string", "30000");
            assertEquals("ready", StreamPeers.readLine(reader));
            assertEquals("fresh 0", StreamPeers.readLine(reader)); // opened after "first": nothing new
            out.write(TEXT);
            assertTrue(out.waitForRead(LONG));
            assertEquals(TEXT, Processes.finish(reader, "peer reader").assertSuccess().out());
        }
    }
}
