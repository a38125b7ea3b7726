package dev.libsharedmemory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A per-thread direct buffer through which small payloads of Java arrays cross JNI: Java copies
 * an array into it (or out of it) with a plain bulk copy, and the native side copies between it
 * and the segment, so the call passes only primitives and never calls back into the JVM
 * (pinning an array or a region copy costs more than copying a small payload twice).
 * Payloads larger than {@link #CAPACITY} take the array paths (one region copy into the segment).
 *
 * <p>With foreign downcalls (JDK 22+) arrays go to the native side directly; what remains here
 * are heap arrays that allocating reads receive a small payload into, to return a copy of the
 * right length ({@code Arrays.copyOf} needs no zeroing, unlike {@code new byte[n]} plus a copy).
 */
final class Staging {
    /** The largest payload staged; larger ones go through the array entry points. */
    static final int CAPACITY = 4096;

    private static final ThreadLocal<Staging> CURRENT = ThreadLocal.withInitial(Staging::new);

    final ByteBuffer bytes = ByteBuffer.allocateDirect(CAPACITY).order(ByteOrder.nativeOrder());
    final FloatBuffer floats = bytes.asFloatBuffer();
    final DoubleBuffer doubles = bytes.asDoubleBuffer();
    final DirectAddress native_ = DirectAddress.of(bytes);

    /** Strings of at most this many chars are encoded into {@link #heapBytes()} (UTF-8: at most 3 bytes a char). */
    static final int MAX_ENCODED_CHARS = CAPACITY / 3;

    private byte[] heapBytes;
    private float[] heapFloats;
    private double[] heapDoubles;
    private char[] heapChars;
    private CharsetEncoder utf8;

    /**
     * The last direct buffer this thread passed that its handle's cache did not know (kept
     * reachable until the thread passes another: at most one buffer a thread).
     */
    private DirectAddress lastDirect;

    /** The bounce buffer of payloads larger than {@link #CAPACITY}, kept while at most {@link #MAX_KEPT_BOUNCE}. */
    private DirectAddress largeBounce;

    /** Larger bounce buffers are allocated per call rather than kept by the thread. */
    private static final int MAX_KEPT_BOUNCE = 1 << 20;

    /** The buffer a batch is received into; taken while in use, so a nested batch gets its own. */
    private DirectAddress batch;

    private Staging() {}

    /** A direct buffer of {@link #CAPACITY} bytes for a batch; hand it back with {@link #release}. */
    DirectAddress acquireBatch() {
        DirectAddress buffer = batch;
        batch = null;
        return buffer != null ? buffer
                : DirectAddress.of(ByteBuffer.allocateDirect(CAPACITY).order(ByteOrder.nativeOrder()));
    }

    void release(DirectAddress buffer) {
        batch = buffer;
    }

    /**
     * A plain direct buffer of at least {@code bytes} bytes through which an Arena's buffer reaches
     * native code ({@link ScopedBufferCalls}): the staging buffer when the payload fits it.
     */
    DirectAddress bounce(int bytes) {
        if (bytes <= CAPACITY) {
            return native_;
        }
        DirectAddress kept = largeBounce;
        if (kept != null && kept.capacity >= bytes) {
            return kept;
        }
        int size = bytes <= MAX_KEPT_BOUNCE ? Math.max(Integer.highestOneBit(bytes - 1) << 1, bytes) : bytes;
        DirectAddress fresh = DirectAddress.of(ByteBuffer.allocateDirect(size).order(ByteOrder.nativeOrder()));
        if (size <= MAX_KEPT_BOUNCE) {
            largeBounce = fresh;
        }
        return fresh;
    }

    /** The address of {@code buffer} (direct), asked from the JVM only when it is not the last one. */
    DirectAddress direct(ByteBuffer buffer) {
        DirectAddress last = lastDirect;
        return last != null && last.buffer == buffer ? last : (lastDirect = DirectAddress.of(buffer));
    }

    /** {@link #CAPACITY} bytes on the heap (foreign downcalls read into it; allocating reads copy out of it). */
    byte[] heapBytes() {
        byte[] a = heapBytes;
        return a != null ? a : (heapBytes = new byte[CAPACITY]);
    }

    float[] heapFloats() {
        float[] a = heapFloats;
        return a != null ? a : (heapFloats = new float[CAPACITY / Float.BYTES]);
    }

    double[] heapDoubles() {
        double[] a = heapDoubles;
        return a != null ? a : (heapDoubles = new double[CAPACITY / Double.BYTES]);
    }

    /**
     * Encodes {@code text} (at most {@link #MAX_ENCODED_CHARS} chars) as UTF-8 into
     * {@link #heapBytes()} and returns the byte count: the bytes {@code String.getBytes(UTF_8)}
     * returns (an unpaired surrogate becomes '?'), without allocating an array per string.
     */
    int encodeUtf8(String text) {
        int length = text.length();
        char[] chars = heapChars != null ? heapChars : (heapChars = new char[MAX_ENCODED_CHARS]);
        text.getChars(0, length, chars, 0);
        CharsetEncoder encoder = utf8 != null ? utf8 : (utf8 = StandardCharsets.UTF_8.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        ByteBuffer out = ByteBuffer.wrap(heapBytes());
        encoder.reset();
        CoderResult result = encoder.encode(CharBuffer.wrap(chars, 0, length), out, true);
        if (result.isUnderflow()) {
            result = encoder.flush(out);
        }
        if (!result.isUnderflow()) {
            throw new IllegalStateException("UTF-8 of " + length + " chars did not fit " + CAPACITY + " bytes: " + result);
        }
        return out.position();
    }

    /** This thread's staging buffer (used only within one call on a handle, never nested). */
    static Staging current() {
        return CURRENT.get();
    }
}
