package dev.libsharedmemory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The native core's log of locks taken over from dead holders (jni/core/include/lsm/lock_events.hpp). */
final class TakeOverLog {
    static {
        NativeLibrary.load();
    }

    /** One take-over: the segment, the core's lock name ("queue producer lock"), the dead holder's word, when. */
    record Entry(String segment, String lock, int holderWord, long epochMillis) {}

    private TakeOverLog() {}

    /** The take-overs since the last drain, oldest first (no allocation when there are none). */
    static List<Entry> drain() {
        Object[] drained = drainNative();
        if (drained == null) {
            return List.of();
        }
        Object[] names = (Object[]) drained[0];
        long[] numbers = (long[]) drained[1];
        List<Entry> entries = new ArrayList<>(names.length / 2);
        for (int i = 0; i < names.length / 2; i++) {
            entries.add(new Entry(new String((byte[]) names[2 * i], StandardCharsets.UTF_8), (String) names[2 * i + 1],
                    (int) numbers[2 * i], numbers[2 * i + 1]));
        }
        return entries;
    }

    private static native Object[] drainNative();
}
