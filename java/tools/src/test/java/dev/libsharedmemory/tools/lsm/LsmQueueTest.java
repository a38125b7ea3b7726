package dev.libsharedmemory.tools.lsm;

import static dev.libsharedmemory.tools.lsm.LsmInspectTest.assertContains;
import static dev.libsharedmemory.tools.lsm.LsmProcess.lsm;
import static dev.libsharedmemory.tools.lsm.LsmProcess.peer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.libsharedmemory.SharedMemoryQueue;
import dev.libsharedmemory.TestSegments;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** lsm send / recv / create-queue against the native peer and SharedMemoryQueue. */
class LsmQueueTest {

    @Test
    void sendsToTheNativePeer(@TempDir Path dir) throws IOException {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("send");
            lsm("create-queue", name, "8", "32").assertOk();
            lsm("send", name, "one", "two ✓").assertOk();
            Path file = dir.resolve("message");
            Files.writeString(file, "three\nlines");
            lsm("send", name, "--file", file.toString()).assertOk();
            assertEquals("one\ntwo ✓\nthree\nlines\n", peer("queue-dequeue", name, "3").assertOk().out());
        }
    }

    @Test
    void receivesFromTheNativePeerAndJava() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("recv");
            peer("queue-create", name, "4", "16").assertOk();
            peer("queue-enqueue", name, "a", "bb").assertOk();
            try (SharedMemoryQueue queue = SharedMemoryQueue.open(name, true)) {
                queue.enqueue("from java");
            }
            assertEquals("a\n", lsm("recv", name, "--peek").assertOk().out());
            assertEquals("a\n", lsm("recv", name).assertOk().out());
            assertContains(lsm("recv", name, "--json").assertOk().out(), "\"queue\":\"" + name + "\"", "\"length\":2",
                    "\"text\":\"bb\"", "\"hex\":\"6262\"");
            assertEquals("from java", lsm("recv", name, "--raw").assertOk().out());
            assertContains(lsm("recv", name).assertExit(ExitCode.TIMEOUT).err(), "is empty");
            assertContains(lsm("recv", name, "--timeout", "100ms").assertExit(ExitCode.TIMEOUT).err(), "100 ms");
        }
    }

    @Test
    void followPrintsMessagesAsTheyCome() throws IOException {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("follow");
            lsm("create-queue", name, "2", "16").assertOk();
            Process follower = LsmProcess.start("recv", name, "--follow", "--count", "5");
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(follower.getInputStream(), StandardCharsets.UTF_8))) {
                for (int i = 0; i < 5; i++) {
                    // The queue holds 2: each message is sent once there is room, so all 5 pass through.
                    lsm("send", name, "m" + i, "--timeout", "60s").assertOk();
                }
                for (int i = 0; i < 5; i++) {
                    assertEquals("m" + i, lines.readLine());
                }
            }
            LsmProcess.finish(follower, "lsm recv --follow").assertOk();

            lsm("send", name, "last").assertOk();
            assertEquals("last\n", lsm("recv", name, "--follow", "--timeout", "300ms").assertOk().out(),
                    "--follow --timeout ends quietly once something came");
            lsm("recv", name, "--follow", "--timeout", "100ms").assertExit(ExitCode.TIMEOUT);
        }
    }

    @Test
    void followReceivesFromAQueueThatAProducerReCreated() throws IOException {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("refollow");
            peer("queue-create", name, "2", "16").assertOk();
            Process follower = LsmProcess.start("recv", name, "--follow", "--count", "2");
            // Liveness only: a follower left on the old queue would wait forever; ended, it prints no more.
            CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(follower::destroy);
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(follower.getInputStream(), StandardCharsets.UTF_8))) {
                peer("queue-enqueue", name, "before").assertOk();
                assertEquals("before", lines.readLine());
                peer("queue-create", name, "4", "32").assertOk(); // the restarted producer (isWriter = true)
                peer("queue-enqueue", name, "after the restart").assertOk();
                assertEquals("after the restart", lines.readLine());
            }
            LsmProcess.finish(follower, "lsm recv --follow").assertOk();
        }
    }

    @Test
    void refusesWhatDoesNotFit() {
        try (TestSegments names = new TestSegments()) {
            String name = names.next("full");
            lsm("create-queue", name, "2", "4").assertOk();
            assertContains(lsm("send", name, "toolong").assertExit(ExitCode.NO_ROOM).err(), "maxMessageSize 4");
            assertContains(lsm("send", name, "a", "b", "c").assertExit(ExitCode.NO_ROOM).err(), "is full", "sent 2 of 3");
            assertContains(lsm("inspect", name, "--json").assertOk().out(), "\"count\":2");
            lsm("send", name, "c", "--timeout", "100ms").assertExit(ExitCode.NO_ROOM);

            assertContains(lsm("create-queue", name, "2", "4").assertExit(ExitCode.EXISTS).err(), "exists");
            lsm("create-queue", name, "3", "4", "--force").assertOk();
            assertContains(lsm("inspect", name, "--json").assertOk().out(), "\"capacity\":3", "\"count\":0");
            lsm("create-queue", names.next("zero"), "0", "4").assertExit(ExitCode.USAGE);
            lsm("recv", name, "--peek", "--follow").assertExit(ExitCode.USAGE);

            String stream = names.next("stream");
            peer("stream-write", stream, "64", "string", "not a queue").assertOk();
            assertContains(lsm("send", stream, "x").assertExit(ExitCode.WRONG_KIND).err(), "is not a queue");
            assertContains(lsm("recv", stream).assertExit(ExitCode.WRONG_KIND).err(), "is not a queue");
            lsm("recv", names.next("none")).assertExit(ExitCode.NOT_FOUND);
        }
    }
}
