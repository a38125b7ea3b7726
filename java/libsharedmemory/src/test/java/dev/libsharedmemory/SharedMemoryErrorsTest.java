package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Every error of the foundation issue: a clear exception of the library's hierarchy, nothing left behind. */
class SharedMemoryErrorsTest {
    private final TestSegments names = new TestSegments();

    @AfterEach
    void cleanUp() {
        names.close();
    }

    private static void assertMessageNames(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' does not mention " + part);
        }
    }

    @Test
    void missingSegment() {
        String name = names.next("missing");
        SegmentNotFoundException e = assertThrows(SegmentNotFoundException.class, () -> SharedMemory.open(name, 64, true));
        assertMessageNames(e, name);
        assertThrows(SegmentNotFoundException.class, () -> SharedMemory.open(name, true));
        assertFalse(SharedMemory.remove(name));
    }

    @Test
    void namesTheOsWouldRejectOrMisread() {
        assertThrows(InvalidNameException.class, () -> SharedMemory.create("", 64, true));
        assertMessageNames(assertThrows(InvalidNameException.class, () -> SharedMemory.create("a/b", 64, true)), "a/b");
        assertThrows(InvalidNameException.class, () -> SharedMemory.create("a\\b", 64, true));
        assertThrows(InvalidNameException.class, () -> SharedMemory.create("a\0b", 64, true));
        assertThrows(InvalidNameException.class, () -> SharedMemory.create("tab\there", 64, true));
        assertThrows(InvalidNameException.class, () -> SharedMemory.create("..", 64, true));
        assertMessageNames(assertThrows(InvalidNameException.class, () -> SharedMemory.create("x".repeat(300), 64, true)),
                "at most");
        assertThrows(InvalidNameException.class, () -> SharedMemory.open("", 64, true));
        assertThrows(NullPointerException.class, () -> SharedMemory.create(null, 64, true));
        assertTrue(new InvalidNameException("x") instanceof SharedMemoryException);
    }

    @Test
    void sizesThatCannotWork() {
        String name = names.next("size");
        assertMessageNames(assertThrows(InvalidSizeException.class, () -> SharedMemory.create(name, 0, true)), name);
        assertThrows(InvalidSizeException.class, () -> SharedMemory.create(name, -1, true));
        assertThrows(InvalidSizeException.class, () -> SharedMemory.create(name, Long.MIN_VALUE, true));
        try (SharedMemory small = SharedMemory.create(name, 64, true)) {
            InvalidSizeException e = assertThrows(InvalidSizeException.class, () -> SharedMemory.open(name, 65, true));
            assertMessageNames(e, name, "64", "65");
            assertThrows(InvalidSizeException.class, () -> SharedMemory.open(name, 0, true));
        }
    }

    @Test
    void badModeIsRefused() {
        String name = names.next("mode");
        assertThrows(InvalidArgumentException.class, () -> SharedMemory.create(name, 64, true, 01000));
        assertThrows(InvalidArgumentException.class, () -> SharedMemory.create(name, 64, true, -1));
        assertThrows(SegmentNotFoundException.class, () -> SharedMemory.open(name, 64, true), "nothing half-created");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void defaultModeIsOwnerOnlyAndModeIsExact() throws IOException {
        String name = names.next("perm");
        try (SharedMemory shm = SharedMemory.create(name, 64, true)) {
            assertEquals("rw-------", permissions(name));
        }
        try (SharedMemory shm = SharedMemory.create(name, 64, true, 0660)) {
            assertEquals("rw-rw----", permissions(name));
        }
    }

    private static String permissions(String name) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(Paths.get("/dev/shm", name)));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void sizeBeyondFreeSpaceFailsAtCreation() throws IOException {
        String name = names.next("nospace");
        // Beyond the whole of /dev/shm, not just its free space: tmpfs refuses such a reservation
        // at once, whereas a size between free and total would fill /dev/shm (and RAM) for a
        // moment before failing, starving every other process on the machine.
        long total = Files.getFileStore(Paths.get("/dev/shm")).getTotalSpace();
        long tooMuch = total + (1L << 30);
        OutOfSpaceException e = assertThrows(OutOfSpaceException.class, () -> SharedMemory.create(name, tooMuch, true));
        assertMessageNames(e, name);
        assertFalse(Files.exists(Paths.get("/dev/shm", name)), "nothing half-created is left behind");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void permissionDenied() throws IOException {
        String name = names.next("denied");
        Path path = Paths.get("/dev/shm", name);
        try (SharedMemory owner = SharedMemory.create(name, 64, true, 0600)) {
            if (isRoot()) {
                // root passes every permission check: ask a second JVM running as nobody.
                Processes.Result result = Processes.run(asNobody(Processes.readableByAll(
                        Processes.jvmCommand(JvmPeer.class, "segment-read", name, "64", "0", "1"))));
                assertEquals(2, result.exitCode(), result.stderr());
                assertTrue(result.stderr().contains("SegmentAccessDeniedException") && result.stderr().contains(name),
                        result.stderr());
            } else {
                Files.setPosixFilePermissions(path, java.util.Set.of());
                SegmentAccessDeniedException e = assertThrows(SegmentAccessDeniedException.class,
                        () -> SharedMemory.open(name, 64, true));
                assertMessageNames(e, name, "ermission");
            }
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static java.util.List<String> asNobody(java.util.List<String> command) {
        java.util.List<String> wrapped = new java.util.ArrayList<>(
                java.util.List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }
}
