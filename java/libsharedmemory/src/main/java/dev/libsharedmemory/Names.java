package dev.libsharedmemory;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** Segment names cross JNI as UTF-8 bytes; the native core validates them. */
final class Names {
    private Names() {}

    /**
     * The name's UTF-8 bytes. An unpaired surrogate has no UTF-8 form ({@code getBytes} would
     * write {@code ?}, so distinct names would alias one segment): it is refused here.
     */
    static byte[] utf8(String name) {
        Objects.requireNonNull(name, "name");
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
                i++; // a pair: one code point beyond U+FFFF
                continue;
            }
            throw new InvalidNameException(String.format(
                    "segment name holds an unpaired surrogate U+%04X at index %d, which has no UTF-8 form", (int) c, i));
        }
        return name.getBytes(StandardCharsets.UTF_8);
    }
}
