package dev.libsharedmemory;

import java.time.Instant;
import java.util.Optional;

/**
 * A handle that can follow a re-created segment ({@link SharedMemoryReadStream},
 * {@link SharedMemoryQueue}). Off by default, as in the C++ library: a writer or producer that
 * restarts re-creates the segment, the name then leads to a new one, and the handle, mapping
 * the old one, sees nothing more ({@code isStale()}).
 *
 * <p>A following handle notices on its own: the next call that finds nothing new (each class
 * says which) maps the new segment, whatever its size or geometry, and carries on. Until the
 * new segment is there with its header written (the name gone with its writer, a creator half
 * way) the handle keeps its segment and looks again later. The name is checked at most once a
 * millisecond per handle (a check opens it: a few microseconds), and never by a call that found
 * something. Calls of other threads on the handle during the switch wait for it and go on with
 * the new segment; the old segment is unmapped.
 */
public interface FollowsRecreated {
    /** Turns following a re-created segment on or off (off by default). */
    void setFollowRecreated(boolean follow);

    /** Whether this handle follows a re-created segment ({@link #setFollowRecreated(boolean)}). */
    boolean isFollowingRecreated();

    /** How many times this handle followed a re-created segment (0 when it never did). */
    long followCount();

    /** When this handle last followed a re-created segment; empty when it never did. */
    Optional<Instant> lastFollowed();
}
