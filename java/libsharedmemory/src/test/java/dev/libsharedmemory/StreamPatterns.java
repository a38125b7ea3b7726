package dev.libsharedmemory;

import java.util.Arrays;

/** Self-checking payloads for contention tests: 1..max bytes, all the same letter (as lsm-peer's). */
final class StreamPatterns {
    private StreamPatterns() {}

    static byte[] pattern(int i, int seed, int max) {
        int length = 1 + (int) (((i & 0xFFFFFFFFL) * 37 + seed * 101L) % max);
        byte[] bytes = new byte[length];
        Arrays.fill(bytes, (byte) ('a' + ((i & 0x7FFFFFFF) + seed) % 26));
        return bytes;
    }

    static boolean isPattern(byte[] payload) {
        for (byte b : payload) {
            if (b != payload[0] || b < 'a' || b > 'z') {
                return false;
            }
        }
        return true;
    }
}
