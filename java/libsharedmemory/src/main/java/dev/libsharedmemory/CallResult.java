package dev.libsharedmemory;

/**
 * The result codes of lsm_c.h, mirrored once: what every native read, take and try call answers,
 * by JNI and by foreign downcall alike. {@code >= 0} is done (a size, a length, a count);
 * {@link #ERROR} failed (a try call: repeat it through JNI, which throws); {@link #EMPTY} the
 * queue is empty; {@link #RETRY} nothing was done, take JNI; {@link #tooSmall(long)} the
 * destination needs {@link #neededSize(long)} bytes, nothing was copied and nothing changed.
 * {@link #check()} compares these with the native library's own values at load.
 */
final class CallResult {
    static final long ERROR = -1;
    static final long EMPTY = -2;
    static final long RETRY = -3;
    private static final long TOO_SMALL_BASE = -16;
    /** Added to a batch take's count when the next message did not fit the room left. */
    static final long BATCH_MORE = 1L << 32;
    static final int ENQUEUED = 1;
    static final int FULL = 0;

    private CallResult() {}

    /** True when {@code result} says "too small": {@link #neededSize(long)} bytes are needed. */
    static boolean isTooSmall(long result) {
        return result <= TOO_SMALL_BASE;
    }

    /** The size a "too small" {@code result} asks for. */
    static long neededSize(long result) {
        return TOO_SMALL_BASE - result;
    }

    /** "Too small, needs {@code size} bytes" (LSM_TOO_SMALL). */
    static long tooSmall(long size) {
        return TOO_SMALL_BASE - size;
    }

    /** The native values in the order of jni_foreign.cpp's resultCodes, for {@link #check()}. */
    static long[] mirrored() {
        return new long[] {ERROR, EMPTY, RETRY, TOO_SMALL_BASE, BATCH_MORE, ENQUEUED, FULL};
    }

    /** Throws when this mirror and lsm_c.h disagree (a build of mismatched Java and native parts). */
    static void check() {
        long[] native_ = ForeignNative.resultCodes();
        if (!java.util.Arrays.equals(native_, mirrored())) {
            throw new LinkageError("native result codes " + java.util.Arrays.toString(native_)
                    + " differ from CallResult's " + java.util.Arrays.toString(mirrored()));
        }
    }
}
