package dev.libsharedmemory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;

/**
 * Copies a bundled native library into a new temporary directory and loads it: the route when
 * SLF4J has no binding ({@link Slf4jBinding}), where starting native-lib-loader would print
 * SLF4J's warning. The copy is deleted right after loading (the mapping stays on POSIX); where
 * a loaded library cannot be deleted (Windows) it is deleted at exit if possible, and what an
 * earlier JVM had to leave behind is deleted by the next one ({@link #deleteStale}).
 */
final class ExtractedLibrary {
    static final String PREFIX = "libsharedmemory-java";
    /** Younger directories may be another JVM's extraction in progress (between copy and load). */
    static final Duration STALE_AFTER = Duration.ofMinutes(1);

    private ExtractedLibrary() {}

    static void load(URL resource, String fileName) throws IOException {
        deleteStale(Paths.get(System.getProperty("java.io.tmpdir")), Instant.now().minus(STALE_AFTER));
        Path directory = Files.createTempDirectory(PREFIX);
        Path file = directory.resolve(fileName);
        try {
            try (InputStream in = resource.openStream()) {
                Files.copy(in, file);
            }
            System.load(file.toAbsolutePath().toString());
        } finally {
            deleteOrLater(file);
            deleteOrLater(directory);
        }
    }

    /**
     * Deletes the directories {@code PREFIX*} in {@code root} last modified before {@code before}
     * that can be deleted, with the regular files directly in them: a library another JVM still
     * has loaded cannot be deleted and stays. Never follows a link, never descends further.
     */
    static void deleteStale(Path root, Instant before) {
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path directory : candidates) {
                if (isDirectoryBefore(directory, before)) deleteWithItsFiles(directory);
            }
        } catch (IOException | RuntimeException e) {
            // Cleaning up is a courtesy: it must never keep the library from loading.
        }
    }

    private static boolean isDirectoryBefore(Path path, Instant before) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        return attributes.isDirectory() && !attributes.isOther() && attributes.lastModifiedTime().toInstant().isBefore(before);
    }

    private static void deleteWithItsFiles(Path directory) {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
            for (Path file : files) {
                if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) Files.deleteIfExists(file);
            }
            Files.deleteIfExists(directory); // fails if anything else is in it: then it stays
        } catch (IOException | RuntimeException e) {
            // In use (a loaded DLL), or not ours to delete: leave it.
        }
    }

    private static void deleteOrLater(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            path.toFile().deleteOnExit();
        }
    }
}
