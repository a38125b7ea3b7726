package dev.libsharedmemory;

/**
 * What one kind of wait of one handle sleeps on (a stream's new data or acknowledgement, a
 * queue's message or room) and does between sleeps. Made once per handle: a lambda per wait
 * would allocate.
 */
interface WaitTarget {
    /**
     * One native sleep on the shared word: at most {@code nanos}, in slices of
     * {@code unwokenNanos} once a peer that wakes nobody has shown itself; may return early.
     */
    void sleep(long nanos, long unwokenNanos);

    /**
     * Wakes every thread asleep on this handle (another thread interrupted one of them): each
     * looks at its interrupt status and condition again. Does nothing once the handle is closed.
     */
    void wakeSleepers();

    /** Between sleeps: maps a re-created segment where the handle follows them (the next try uses it). */
    default void followIfRecreated() {}
}
