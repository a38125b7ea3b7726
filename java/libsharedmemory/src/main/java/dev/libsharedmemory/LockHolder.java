package dev.libsharedmemory;

import java.util.OptionalLong;

/**
 * Who holds one of a segment's locks, as its 32-bit lock word says: for diagnostics, and the
 * result of a forced unlock. This is the one decoding of lock words (wire format: the words at
 * {@link StreamLayout#LOCK_OFFSET}, {@link QueueLayout#PRODUCER_LOCK_OFFSET} and
 * {@link QueueLayout#CONSUMER_LOCK_OFFSET}); its constants are the values on the wire.
 *
 * <ul>
 *   <li>{@code 0}: free;</li>
 *   <li>{@code 0x80000000 | pid}: a process using this library (Java or native), which stores
 *       its process id so that a holder that died is recognised and its lock taken over
 *       automatically by the next operation that waits for it;</li>
 *   <li>{@code 0x80000000} alone: unlocked by force, waiting to be taken over (and the segment
 *       repaired) by the next operation;</li>
 *   <li>anything else, such as the {@code 1} that the C++ libsharedmemory stores: a process of
 *       unknown identity. If it dies holding the lock, operations time out with
 *       {@link LockTimeoutException} until the lock is released by force.</li>
 * </ul>
 *
 * @param rawValue the lock word's bits (unsigned; negative as a Java int when the top bit is set)
 */
public record LockHolder(int rawValue) {
    /** The lock is free. C++ peers and this library release a lock by storing it. */
    public static final int FREE = 0;
    /** What a C++ libsharedmemory process stores while it holds a lock (any value but 0 is held to it). */
    public static final int UPSTREAM_HELD = 1;
    /** Set in the lock word of a holder using this library: the other 31 bits are its process id. */
    public static final int TOKEN_BIT = 0x8000_0000;
    /** The token of process 0, which never exists: left by a forced unlock until the next operation takes it over. */
    public static final int ABANDONED = TOKEN_BIT;

    /** True when nobody holds the lock. */
    public boolean isFree() {
        return rawValue == FREE;
    }

    /** True after a forced unlock, until the next operation takes the lock over. */
    public boolean isAbandoned() {
        return rawValue == ABANDONED;
    }

    /** The holder's process id when it is a process using this library. */
    public OptionalLong processId() {
        return (rawValue & TOKEN_BIT) != 0 && rawValue != ABANDONED
                ? OptionalLong.of(rawValue & ~TOKEN_BIT)
                : OptionalLong.empty();
    }

    /** True when a process of unknown identity holds it (for example a C++ libsharedmemory process). */
    public boolean isUnknownProcess() {
        return rawValue != FREE && (rawValue & TOKEN_BIT) == 0;
    }

    /** The lock word a compare-and-force expects (unsigned), or -1 for "any" when {@code expected} is null. */
    static long expectedWord(LockHolder expected) {
        return expected == null ? -1 : Integer.toUnsignedLong(expected.rawValue);
    }

    static LockHolder of(long lockWord) {
        return new LockHolder((int) lockWord);
    }

    @Override
    public String toString() {
        if (isFree()) {
            return "free";
        }
        if (isAbandoned()) {
            return "nobody (unlocked by force, not yet taken over)";
        }
        if (isUnknownProcess()) {
            return "a process of unknown identity (value " + Integer.toUnsignedString(rawValue) + ")";
        }
        return "process " + processId().getAsLong();
    }
}
