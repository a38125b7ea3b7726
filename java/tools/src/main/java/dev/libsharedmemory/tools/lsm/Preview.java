package dev.libsharedmemory.tools.lsm;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;

/** Hex and text renderings of bytes from a segment (a payload, a message, raw contents). */
final class Preview {
    private Preview() {}

    /** Classic hex dump lines: offset, 16 bytes in hex, then the printable ASCII. */
    static String hexDump(byte[] bytes, long baseOffset) {
        StringBuilder out = new StringBuilder();
        for (int line = 0; line < bytes.length; line += 16) {
            out.append(String.format("  %08x ", baseOffset + line));
            StringBuilder ascii = new StringBuilder();
            for (int i = 0; i < 16; i++) {
                if (i == 8) {
                    out.append(' ');
                }
                if (line + i < bytes.length) {
                    int b = bytes[line + i] & 0xff;
                    out.append(String.format(" %02x", b));
                    ascii.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
                } else {
                    out.append("   ");
                }
            }
            out.append("  |").append(ascii).append("|\n");
        }
        return out.toString();
    }

    /** The bytes as UTF-8, or null when they are not valid UTF-8 (a truncated preview may cut a character). */
    static String utf8OrNull(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** The bytes as UTF-8 (invalid sequences replaced), control characters escaped, quoted. */
    static String quoted(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder("\"");
        CharBuffer chars = CharBuffer.wrap(text);
        while (chars.hasRemaining()) {
            char c = chars.get();
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** The JSON form: full length, how many bytes are shown, hex and (when valid) UTF-8 text. */
    static Map<String, Object> toJson(long length, byte[] shown) {
        Map<String, Object> json = Json.object();
        json.put("length", length);
        json.put("shown", shown.length);
        json.put("hex", HexFormat.of().formatHex(shown));
        json.put("text", utf8OrNull(shown));
        return json;
    }
}
