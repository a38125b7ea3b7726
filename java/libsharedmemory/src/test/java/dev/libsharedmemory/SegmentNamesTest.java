package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.function.Executable;

/** Names of issue #16: no two Java names alias one segment, no control characters, every length the OS allows. */
class SegmentNamesTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    private static void assertInvalidName(String name) {
        Executable[] calls = {
            () -> SharedMemory.create(name, 64, true),
            () -> SharedMemory.open(name, 64, true),
            () -> SharedMemory.open(name, true),
            () -> SharedMemory.remove(name),
            () -> new SharedMemoryWriteStream(name, 64, true),
            () -> new SharedMemoryReadStream(name, 64, true),
            () -> new SharedMemoryQueue(name, 4, 16, true, true),
            () -> SharedMemoryQueue.open(name, true),
        };
        for (Executable call : calls) {
            assertThrows(InvalidNameException.class, call, () -> "name " + escaped(name));
        }
    }

    private static String escaped(String name) {
        StringBuilder out = new StringBuilder();
        name.chars().forEach(c -> out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return out.toString();
    }

    @Test
    void unpairedSurrogatesAreRefusedInsteadOfAliasingOneSegment() {
        String stem = names.next("sur");
        for (String name : new String[] {stem + "\uD800", stem + "\uDBFF", stem + "\uDC00x", stem + "\uDC00\uD800"}) {
            assertInvalidName(name);
        }
        InvalidNameException e = assertThrows(InvalidNameException.class, () -> SharedMemory.create(stem + "\uD800", 64, true));
        assertTrue(e.getMessage().contains("U+D800") && e.getMessage().contains("unpaired surrogate"), e.getMessage());
        // A pair is one code point (U+1F600) and a name like any other.
        String paired = stem + "\uD83D\uDE00";
        try (SharedMemory writer = SharedMemory.create(paired, 64, true);
                SharedMemory reader = SharedMemory.open(paired, 64, true)) {
            writer.buffer().put(0, (byte) 7);
            assertEquals(7, reader.buffer().get(0));
        } finally {
            SharedMemory.remove(paired);
        }
    }

    @Test
    void c1ControlCharactersAreRefused() {
        String stem = names.next("c1");
        for (String name : new String[] {stem + "\u0080", stem + "\u0085x", "\u009F" + stem}) {
            assertInvalidName(name);
        }
        String nbsp = stem + "\u00A0"; // U+00A0, just after C1: an ordinary character
        try (SharedMemory shm = SharedMemory.create(nbsp, 64, false)) {
            assertEquals(nbsp, shm.name());
        }
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void nameOf255BytesIsReachableOnLinux() {
        String stem = names.next("long");
        // 255 bytes of UTF-8 (/dev/shm's NAME_MAX), two of them per 'é'.
        String name = stem + "é".repeat((255 - stem.length()) / 2) + "x".repeat((255 - stem.length()) % 2);
        assertEquals(255, name.getBytes(StandardCharsets.UTF_8).length);
        try (SharedMemory writer = SharedMemory.create(name, 64, true);
                SharedMemory reader = SharedMemory.open(name, 64, true)) {
            assertTrue(Files.exists(Paths.get("/dev/shm", name)));
        } finally {
            assertTrue(SharedMemory.remove(name));
        }
        InvalidNameException e = assertThrows(InvalidNameException.class, () -> SharedMemory.create(name + "x", 64, true));
        assertTrue(e.getMessage().contains("256") && e.getMessage().contains("at most 255"), e.getMessage());
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void symbolicLinkAtTheNameIsAccessDeniedNamingIt() throws IOException {
        String target = names.next("target");
        String link = names.next("link");
        Path linkPath = Paths.get("/dev/shm", link);
        try (SharedMemory real = SharedMemory.create(target, 64, true)) {
            Files.createSymbolicLink(linkPath, Paths.get("/dev/shm", target));
            SegmentAccessDeniedException e = assertThrows(SegmentAccessDeniedException.class,
                    () -> SharedMemory.open(link, 64, true));
            assertTrue(e.getMessage().contains(linkPath + " is a symbolic link"), e.getMessage());
            assertThrows(SegmentAccessDeniedException.class, () -> new SharedMemoryReadStream(link, 64, true));
            assertThrows(SegmentAccessDeniedException.class, () -> SharedMemoryQueue.open(link, true));
        } finally {
            Files.deleteIfExists(linkPath);
        }
    }
}
