package dev.libsharedmemory;

import java.nio.ByteBuffer;

/**
 * Where a handle looks up the address of the direct buffers passed to one of its methods,
 * without writing to memory that other threads read on every call. The first buffer seen is
 * kept in a field that is written once and then only read (the common case: one buffer per
 * handle and method); any other buffer goes through the calling thread's own one-entry cache
 * ({@link Staging#direct}). Writing the last buffer into a field of the handle on every call, as
 * before, made a producer and a consumer of one queue (or two writers of one stream) dirty the
 * same cache line on every call: false sharing, which cost far more than the call.
 *
 * <p>The field is a plain one: threads racing on the first call each store a valid, immutable
 * {@link DirectAddress}, and one of them stays.
 */
final class DirectAddressCache {
    private DirectAddress first;

    /** The address of {@code buffer} (direct; else {@link InvalidArgumentException}). */
    DirectAddress of(ByteBuffer buffer) {
        DirectAddress known = first;
        if (known != null && known.buffer == buffer) {
            return known;
        }
        DirectAddress found = Staging.current().direct(buffer);
        if (known == null) {
            first = found;
        }
        return found;
    }
}
