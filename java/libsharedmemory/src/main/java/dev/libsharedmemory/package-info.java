/**
 * Shared-memory IPC between processes on one machine, wire-compatible with the C++ library
 * libsharedmemory 2.0.0: Java and C++ processes open the same named objects.
 *
 * <h2>Which to use</h2>
 * <ul>
 *   <li>{@link dev.libsharedmemory.SharedMemory}: a named segment of raw bytes, mapped as a direct
 *       {@link java.nio.ByteBuffer}. Use it for a layout of your own (a table, a frame buffer) that
 *       both sides read and write in place; you do the synchronization.</li>
 *   <li>{@link dev.libsharedmemory.SharedMemoryWriteStream} and
 *       {@link dev.libsharedmemory.SharedMemoryReadStream}: one writer publishes the latest message
 *       (a string, bytes, {@code float[]} or {@code double[]}); any number of readers see the newest
 *       one and can tell whether it changed. Use it for state where only the latest value
 *       matters.</li>
 *   <li>{@link dev.libsharedmemory.SharedMemoryQueue}: a bounded FIFO of messages, any number of
 *       producers and consumers; each message is taken once. Use it when every message
 *       counts.</li>
 * </ul>
 *
 * <h2>Thread safety</h2>
 * Every class is safe for use by many threads. Closing a handle while other threads use it is
 * safe: they finish their call or get a {@link dev.libsharedmemory.SegmentClosedException}.
 * Streams and queues take a cross-process lock in the segment, bounded by a lock timeout
 * ({@link dev.libsharedmemory.LockTimeoutException}); a lock whose holder, a process of this
 * library, died is recovered by the next caller.
 *
 * <h2>Ownership</h2>
 * A handle owns its mapping: close it (try-with-resources); one that is never closed is unmapped
 * once unreachable. The name is owned by the OS: a <em>persistent</em> handle leaves the segment
 * in place when closed, a non-persistent one removes the name on close, and {@code destroy()}
 * removes it explicitly. Creating a name that exists replaces it; readers of the old one see
 * {@code isStale()}.
 *
 * <p>Errors are unchecked exceptions under {@link dev.libsharedmemory.SharedMemoryException}.
 * Anything read from shared memory is untrusted: a field that does not fit the segment raises
 * {@link dev.libsharedmemory.CorruptSegmentException}, never a crash.
 */
package dev.libsharedmemory;
