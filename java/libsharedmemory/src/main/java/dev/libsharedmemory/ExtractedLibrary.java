package dev.libsharedmemory;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Copies a bundled native library into a new temporary directory and loads it: the route when
 * SLF4J has no binding ({@link Slf4jBinding}), where starting native-lib-loader would print
 * SLF4J's warning. The copy is deleted right after loading (the mapping stays on POSIX); where
 * a loaded library cannot be deleted (Windows) it is deleted at exit if possible.
 */
final class ExtractedLibrary {
    private ExtractedLibrary() {}

    static void load(URL resource, String fileName) throws IOException {
        Path directory = Files.createTempDirectory("libsharedmemory-java");
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

    private static void deleteOrLater(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            path.toFile().deleteOnExit();
        }
    }
}
