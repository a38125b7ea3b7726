package dev.libsharedmemory;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Segment names cross JNI as UTF-8 bytes; the native core validates them. */
final class Names {
    private Names() {}

    static byte[] utf8(String name) {
        return Objects.requireNonNull(name, "name").getBytes(StandardCharsets.UTF_8);
    }
}
