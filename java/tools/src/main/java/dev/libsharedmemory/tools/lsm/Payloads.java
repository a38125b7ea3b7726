package dev.libsharedmemory.tools.lsm;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** How read and recv print what they got: the bytes as text (or raw), or one JSON object a line. */
final class Payloads {
    private Payloads() {}

    /** Prints the bytes followed by a newline; with {@code raw}, exactly the bytes. */
    static void printText(byte[] bytes, boolean raw) {
        Terminal.OUT.write(bytes, 0, bytes.length);
        if (!raw) {
            Terminal.OUT.write('\n');
        }
        Terminal.OUT.flush();
    }

    /** Prints numeric stream values on one line, space-separated. */
    static void printValues(List<Number> values) {
        Terminal.OUT.println(values.stream().map(String::valueOf).collect(Collectors.joining(" ")));
    }

    static void printJson(Map<String, Object> json) {
        Terminal.OUT.println(Json.write(json));
    }
}
