package dev.libsharedmemory;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The directories that earlier JVMs had to leave behind (on Windows a loaded DLL cannot be
 * deleted) are deleted by the next extraction: only ours, only old ones, never through a link.
 */
class ExtractedLibraryCleanupTest {
    private static final Instant NOW = Instant.now();

    private static Path directory(Path root, String name, Duration age, String... files) throws IOException {
        Path directory = Files.createDirectory(root.resolve(name));
        for (String file : files) Files.write(directory.resolve(file), new byte[] {1});
        Files.setLastModifiedTime(directory, FileTime.from(NOW.minus(age)));
        return directory;
    }

    @Test
    void deletesOnlyOldDirectoriesOfOursAndNothingBehindALink(@TempDir Path root) throws IOException {
        Path stale = directory(root, ExtractedLibrary.PREFIX + "123", Duration.ofHours(2), "lsmjava.dll");
        Path fresh = directory(root, ExtractedLibrary.PREFIX + "456", Duration.ZERO, "lsmjava.dll");
        Path notOurs = directory(root, "other-app123", Duration.ofHours(2), "data");
        Path withASubdirectory = directory(root, ExtractedLibrary.PREFIX + "789", Duration.ofHours(2));
        Files.createDirectory(withASubdirectory.resolve("keep"));
        Path target = directory(root, "target", Duration.ofHours(2), "precious");
        Path link = root.resolve(ExtractedLibrary.PREFIX + "link");
        boolean linked = createLink(link, target);

        ExtractedLibrary.deleteStale(root, NOW.minus(ExtractedLibrary.STALE_AFTER));

        assertFalse(Files.exists(stale), "a stale directory of ours stayed");
        assertTrue(Files.exists(fresh.resolve("lsmjava.dll")), "a fresh one (maybe being loaded) was deleted");
        assertTrue(Files.exists(notOurs.resolve("data")));
        assertTrue(Files.exists(withASubdirectory.resolve("keep")), "it descended into a directory");
        assertTrue(Files.exists(target.resolve("precious")), "it followed a link");
        if (linked) assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void aMissingTemporaryDirectoryIsNoError(@TempDir Path root) {
        ExtractedLibrary.deleteStale(root.resolve("missing"), NOW);
    }

    private static boolean createLink(Path link, Path target) {
        try {
            Files.createSymbolicLink(link, target);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false; // Windows without the privilege: nothing to check
        }
    }
}
