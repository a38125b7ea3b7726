package dev.libsharedmemory;

import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A bounded FIFO of byte messages in shared memory, as {@code lsm::SharedMemoryQueue} of
 * libsharedmemory 2.0.0 and wire-compatible with it: any number of producer and consumer
 * processes (Java or C++) may enqueue and dequeue on one queue.
 *
 * <pre>{@code
 * try (SharedMemoryQueue queue = new SharedMemoryQueue("orders", 10, 256, true, true)) {
 *     queue.enqueue("First message");
 *     String first = queue.dequeueString();   // null when empty
 * }
 * }</pre>
 *
 * <p>A queue holds {@link #capacity()} messages of at most {@link #maxMessageSize()} bytes each.
 * {@code enqueue} returns false when it is full, {@code dequeue} and {@code peek} return null
 * (or -1) when it is empty; {@link #offer(byte[], Duration)} and {@link #poll(Duration)} wait.
 * Strings travel as UTF-8.
 *
 * <p>Thread-safe. Closing while other threads use the queue is safe: they finish their call or
 * get a {@link SegmentClosedException} (a call waiting for a lock gives up at once). A queue that is never closed is unmapped once it is
 * unreachable (a persistent queue's segment stays).
 *
 * <p>A producer that restarts with {@code isWriter = true} re-creates the queue: the name then
 * leads to a new segment and this handle, mapping the old one, receives nothing more ({@link
 * #isStale()}). With {@link #setFollowRecreated(boolean) setFollowRecreated(true)} a consumer
 * maps the new queue by itself ({@link FollowsRecreated}), once it has taken the old one's
 * messages: a call that finds this queue empty ({@code dequeue*}, {@code peek*}, {@code poll*}
 * between its waits, {@code drainTo}) maps the new queue and takes from it, and {@link
 * #capacity()} and {@link #maxMessageSize()} become its geometry. Nothing is lost, and an
 * enqueue never looks at the name.
 */
public final class SharedMemoryQueue implements AutoCloseable, FollowsRecreated {
    private final String name;
    private final boolean persistent;
    /** The addresses of the direct buffers enqueued from and taken into. */
    private final DirectAddressCache enqueueBuffers = new DirectAddressCache();
    private final DirectAddressCache takeBuffers = new DirectAddressCache();
    private final QueueHandle native_;
    private final StaleReport staleReport;
    private final Follower follower;
    /** What the waits for a message and for room sleep on, made once: an object per call would allocate. */
    private final WaitTarget messageWait;
    private final WaitTarget roomWait;
    private volatile boolean closed;
    /** Read by each blocking call once; volatile: set from any thread. */
    private volatile WaitStrategy waitStrategy = WaitStrategy.sleep();
    private final boolean created;

    /**
     * As the C++ constructor: {@code isWriter} creates the queue (replacing any existing segment
     * of that name, with mode {@link SharedMemory#DEFAULT_MODE}: a running queue's handles go
     * stale; {@link #openOrCreate} attaches instead); otherwise an existing queue of exactly this
     * geometry is opened. Either way the handle may enqueue and dequeue.
     *
     * @throws InvalidSizeException capacity or maxMessageSize not positive, or a segment size that overflows
     * @throws InvalidArgumentException (opening) the queue's header holds another geometry
     */
    public SharedMemoryQueue(String name, int capacity, int maxMessageSize, boolean persistent, boolean isWriter) {
        this(name, persistent, isWriter
                ? QueueNative.create(Names.utf8(name), capacity, maxMessageSize, persistent, SharedMemory.DEFAULT_MODE)
                : QueueNative.open(Names.utf8(name), capacity, maxMessageSize, persistent));
    }

    private SharedMemoryQueue(String name, boolean persistent, long handle) {
        this.name = name;
        this.persistent = persistent;
        this.native_ = new QueueHandle(name, handle);
        this.staleReport = new StaleReport(name, LifecycleEvents.QUEUE);
        this.follower = new Follower(staleReport, QueueNative::follow);
        Runnable follow = this::followIfRecreated; // between sleeps: the next try uses a new queue
        this.messageWait = new NativeWait(this, handle, QueueCalls::sleepForMessage, QueueNative::wakeSleepers, follow);
        this.roomWait = new NativeWait(this, handle, QueueCalls::sleepForRoom, QueueNative::wakeSleepers, follow);
        Cleaners.CLEANER.register(this, native_);
        this.created = QueueNative.created(handle);
        LifecycleEvents.reportTakeOvers();
    }

    /** Creates a queue with POSIX permission bits (e.g. {@code 0660}), replacing any existing one. */
    public static SharedMemoryQueue create(String name, int capacity, int maxMessageSize, boolean persistent, int mode) {
        return new SharedMemoryQueue(name, persistent,
                QueueNative.create(Names.utf8(name), capacity, maxMessageSize, persistent, mode));
    }

    /**
     * Opens an existing queue without knowing its geometry: capacity and maxMessageSize come from
     * its header and are checked against the segment's real size. Any number of processes may open
     * a queue this way and enqueue or dequeue on it.
     *
     * @throws SegmentNotFoundException no segment of that name
     * @throws CorruptSegmentException the header does not describe a queue that fits the segment
     */
    public static SharedMemoryQueue open(String name, boolean persistent) {
        return new SharedMemoryQueue(name, persistent, QueueNative.openExisting(Names.utf8(name), persistent));
    }

    /**
     * Attaches to the queue when it exists, else creates it (mode {@link SharedMemory#DEFAULT_MODE}):
     * unlike {@code isWriter = true} it never replaces a queue, so a second producer joins a
     * running one. Race-free across processes: of several calling this at once exactly one
     * creates the queue ({@link #created()}); it writes the geometry last, and the others wait
     * (up to 5 s) until it is there, so none sees a half-written header.
     *
     * @throws InvalidSizeException capacity or maxMessageSize not positive, a size that overflows,
     *     or the queue exists with another geometry (the message names both)
     * @throws CorruptSegmentException it exists but holds no geometry after the wait: its creator
     *     died half way; {@link SharedMemory#remove} it and retry
     */
    public static SharedMemoryQueue openOrCreate(String name, int capacity, int maxMessageSize, boolean persistent) {
        return openOrCreate(name, capacity, maxMessageSize, persistent, SharedMemory.DEFAULT_MODE);
    }

    /** As {@link #openOrCreate(String, int, int, boolean)}, with POSIX permission bits for a queue it creates. */
    public static SharedMemoryQueue openOrCreate(String name, int capacity, int maxMessageSize, boolean persistent,
            int mode) {
        return new SharedMemoryQueue(name, persistent,
                QueueNative.openOrCreate(Names.utf8(name), capacity, maxMessageSize, persistent, mode));
    }

    /** True when this handle created the queue: {@code isWriter}, {@link #create}, or {@link #openOrCreate} that found none. */
    public boolean created() {
        return created;
    }

    // ---- enqueue ----

    /** Appends a message (UTF-8). False when the queue is full. */
    public boolean enqueue(String message) {
        Objects.requireNonNull(message, "message");
        if (message.length() <= Staging.MAX_ENCODED_CHARS) { // encoded into this thread's scratch array: no garbage
            Staging staging = Staging.current();
            return enqueue(staging.heapBytes(), 0, staging.encodeUtf8(message));
        }
        return enqueue(utf8(message));
    }

    /** Appends a message. False when the queue is full. */
    public boolean enqueue(byte[] message) {
        Objects.requireNonNull(message, "message");
        return enqueue(message, 0, message.length);
    }

    /**
     * Appends {@code length} bytes of {@code message} from {@code offset}. False when the queue is full.
     *
     * @throws MessageTooLargeException longer than {@link #maxMessageSize()}; the queue is unchanged
     */
    public boolean enqueue(byte[] message, int offset, int length) {
        Objects.requireNonNull(message, "message");
        Objects.checkFromIndexSize(offset, length, message.length);
        checkLength(length);
        try {
            return QueueCalls.enqueue(native_.handle, message, offset, length);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Appends the buffer's remaining bytes and, if enqueued, advances its position to its limit.
     * False (position unchanged) when the queue is full.
     *
     * @throws IllegalStateException {@code message} is a buffer of a java.lang.foreign Arena that is
     *     closed (as the JDK's own accesses to it throw); nothing is enqueued
     */
    public boolean enqueue(ByteBuffer message) {
        Objects.requireNonNull(message, "message");
        int position = message.position();
        int length = message.limit() - position; // one read of the position, in case another thread moves it
        checkLength(length);
        boolean enqueued;
        if (message.isDirect()) {
            DirectAddress direct = enqueueBuffers.of(message);
            try {
                enqueued = QueueCalls.enqueue(native_.handle, direct, position, length);
            } finally {
                Reference.reachabilityFence(this);
                Reference.reachabilityFence(message);
            }
        } else if (message.hasArray()) {
            enqueued = enqueue(message.array(), message.arrayOffset() + position, length);
        } else { // a read-only heap buffer
            byte[] copy = new byte[length];
            message.get(position, copy);
            enqueued = enqueue(copy);
        }
        if (enqueued) {
            message.position(position + length);
        }
        return enqueued;
    }

    // ---- dequeue and peek ----

    /** Removes and returns the head message, or null when the queue is empty. */
    public byte[] dequeue() {
        return take(true);
    }

    /** Removes and returns the head message as UTF-8 text, or null when the queue is empty. */
    public String dequeueString() {
        return takeString(true);
    }

    /**
     * Removes the head message into {@code destination} at its position, advancing it: the
     * message's length, or -1 when the queue is empty. Allocation-free.
     *
     * @throws MessageTooLargeException the message exceeds {@code destination.remaining()}; the
     *     message says how many bytes are needed, and the queue is unchanged
     * @throws IllegalStateException {@code destination} is a buffer of a java.lang.foreign Arena that
     *     is closed (as the JDK's own accesses to it throw); the queue is unchanged
     */
    public int dequeue(ByteBuffer destination) {
        return take(destination, true);
    }

    /** The head message without removing it, or null when the queue is empty. */
    public byte[] peek() {
        return take(false);
    }

    /** The head message as UTF-8 text without removing it, or null when the queue is empty. */
    public String peekString() {
        return takeString(false);
    }

    /** As {@link #dequeue(ByteBuffer)}, leaving the message in the queue. */
    public int peek(ByteBuffer destination) {
        return take(destination, false);
    }

    // ---- batches ----

    /**
     * Appends {@code messages} in order until the queue is full, packing as many as fit 4 KiB
     * into one native call (one crossing and one close-guard pass for the lot, instead of one
     * per message). Returns how many were enqueued: {@code messages.subList(0, n)} are in the
     * queue, the rest are not (the queue was full). Other producers may interleave their
     * messages between batches, as with single enqueues.
     *
     * @throws MessageTooLargeException a message is longer than {@link #maxMessageSize()};
     *     checked for all of them first, so nothing is enqueued
     * @throws NullPointerException {@code messages} or one of them is null; nothing is enqueued
     */
    public int enqueueAll(List<byte[]> messages) {
        Objects.requireNonNull(messages, "messages");
        int total = messages.size();
        for (int i = 0; i < total; i++) {
            checkLength(Objects.requireNonNull(messages.get(i), "messages[" + i + "]").length);
        }
        int done = 0;
        while (done < total) {
            byte[] first = messages.get(done);
            if (Integer.BYTES + first.length > Staging.CAPACITY) { // too large to pack: on its own
                if (!enqueue(first)) {
                    return done;
                }
                done++;
                continue;
            }
            Staging staging = Staging.current();
            ByteBuffer batch = staging.bytes;
            int used = 0;
            int count = 0;
            for (int i = done; i < total; i++) {
                byte[] message = messages.get(i);
                if (used + Integer.BYTES + message.length > Staging.CAPACITY) {
                    break;
                }
                batch.putInt(used, message.length);
                batch.put(used + Integer.BYTES, message);
                used += Integer.BYTES + message.length;
                count++;
            }
            long result;
            try {
                result = QueueCalls.enqueuePacked(native_.handle, staging.native_, used, count);
            } finally {
                Reference.reachabilityFence(this);
            }
            int enqueued = (int) result; // the count, without BATCH_MORE
            done += enqueued;
            if (enqueued < count && result < CallResult.BATCH_MORE) {
                return done; // full
            }
        }
        return done;
    }

    /**
     * Removes up to {@code maxMessages} messages, handing each to {@code action} in queue order
     * as a read-only ByteBuffer whose remaining bytes are the message, valid only during that
     * call (the same buffer is reused for the next message): copy what you keep. Messages are taken in batches of up to 4 KiB per native call
     * (one crossing and one guard pass per batch); {@code action} runs outside any lock, after
     * its batch is removed. Returns how many were removed; stops when the queue is empty.
     * Allocation-free per message.
     *
     * <p>If {@code action} throws, the messages of the current batch not yet handed to it are
     * lost (they were removed already): the exception propagates after that batch.
     */
    public int drainTo(Consumer<? super ByteBuffer> action, int maxMessages) {
        Objects.requireNonNull(action, "action");
        checkMax(maxMessages);
        Staging staging = Staging.current();
        DirectAddress batch = staging.acquireBatch();
        try {
            ByteBuffer view = batch.buffer.asReadOnlyBuffer();
            int drained = 0;
            while (drained < maxMessages) {
                int wanted = maxMessages - drained;
                long result = takeBatch(batch, wanted);
                int taken = CallResult.isTooSmall(result) ? 0 : (int) result; // the count, without BATCH_MORE
                boolean more = result >= CallResult.BATCH_MORE || CallResult.isTooSmall(result);
                drained += taken;
                int at = 0;
                for (int i = 0; i < taken; i++) {
                    int length = batch.buffer.getInt(at);
                    at += Integer.BYTES;
                    view.limit(at + length).position(at);
                    action.accept(view);
                    at += length;
                }
                if (!more && taken < wanted) {
                    if (followIfRecreated()) {
                        continue; // the old queue is done: go on with the new one
                    }
                    break; // the queue is empty
                }
                if (CallResult.isTooSmall(result)) { // the head is larger than a batch: on its own
                    byte[] single = take(true);
                    if (single == null) {
                        break;
                    }
                    drained++;
                    action.accept(ByteBuffer.wrap(single).asReadOnlyBuffer());
                }
            }
            return drained;
        } finally {
            staging.release(batch);
        }
    }

    /**
     * Removes up to {@code maxMessages} messages into {@code target} (as new byte arrays, in
     * queue order), as {@link java.util.concurrent.BlockingQueue#drainTo(Collection, int)} does:
     * the number removed. Batches of up to 4 KiB cross JNI in one call.
     */
    public int drainTo(Collection<? super byte[]> target, int maxMessages) {
        Objects.requireNonNull(target, "target");
        return drainTo(message -> {
            byte[] copy = new byte[message.remaining()];
            message.get(copy);
            target.add(copy);
        }, maxMessages);
    }

    /** Removes every message into {@code target}: the number removed. */
    public int drainTo(Collection<? super byte[]> target) {
        return drainTo(target, Integer.MAX_VALUE);
    }

    private long takeBatch(DirectAddress batch, int max) {
        try {
            return QueueCalls.takePacked(native_.handle, batch, max);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private void checkMax(int maxMessages) {
        if (maxMessages < 0) {
            throw new InvalidArgumentException("queue '" + name + "': maxMessages must not be negative, was "
                    + maxMessages);
        }
    }

    // ---- waiting ----
    // Every wait follows this handle's WaitStrategy. An interrupt during a lock wait inside these
    // throws InterruptedException, as during their own waits (the interrupt status cleared, the
    // LockWaitInterruptedException as its cause).

    /** What {@link #take()} and {@link #put(byte[])} wait for: no end (the deadline saturates). */
    private static final Duration FOREVER = Duration.ofSeconds(Long.MAX_VALUE);

    /**
     * Sets how this handle's blocking calls wait ({@link WaitStrategy}; default
     * {@link WaitStrategy#sleep()}: woken by this library's producers and consumers in any
     * process when this library created the queue; a queue the C++ library created is looked at
     * once per peer poll interval).
     */
    public void setWaitStrategy(WaitStrategy strategy) {
        waitStrategy = Objects.requireNonNull(strategy, "strategy");
    }

    /** How this handle's blocking calls wait. */
    public WaitStrategy waitStrategy() {
        return waitStrategy;
    }

    /** Appends a message (UTF-8), waiting up to {@code timeout} for room. False if still full. */
    public boolean offer(String message, Duration timeout) throws InterruptedException {
        return offer(utf8(message), timeout);
    }

    /** Appends a message, waiting up to {@code timeout} for room. False if still full. */
    public boolean offer(byte[] message, Duration timeout) throws InterruptedException {
        return Waits.await(() -> enqueue(message) ? Boolean.TRUE : null, timeout, waitStrategy, roomWait) != null;
    }

    /** As {@link #enqueue(ByteBuffer)}, waiting up to {@code timeout} for room. */
    public boolean offer(ByteBuffer message, Duration timeout) throws InterruptedException {
        return Waits.await(() -> enqueue(message) ? Boolean.TRUE : null, timeout, waitStrategy, roomWait) != null;
    }

    /** Removes the head message, waiting up to {@code timeout} for one; null if none came. */
    public byte[] poll(Duration timeout) throws InterruptedException {
        return Waits.await(this::dequeue, timeout, waitStrategy, messageWait);
    }

    /** As {@link #poll(Duration)}, as UTF-8 text. */
    public String pollString(Duration timeout) throws InterruptedException {
        return Waits.await(this::dequeueString, timeout, waitStrategy, messageWait);
    }

    /** As {@link #dequeue(ByteBuffer)}, waiting up to {@code timeout}: the length, or -1 if none came. */
    public int poll(ByteBuffer destination, Duration timeout) throws InterruptedException {
        Integer length = Waits.await(() -> {
            int taken = dequeue(destination);
            return taken >= 0 ? taken : null;
        }, timeout, waitStrategy, messageWait);
        return length != null ? length : -1;
    }

    /**
     * Appends a message, waiting as long as it takes for room, as
     * {@link java.util.concurrent.BlockingQueue#put} does.
     *
     * @throws InterruptedException the thread was interrupted while waiting (the interrupt
     *     status is cleared); nothing was appended
     * @throws SegmentClosedException another thread closed this handle meanwhile
     */
    public void put(byte[] message) throws InterruptedException {
        offer(message, FOREVER);
    }

    /** As {@link #put(byte[])}, the message as UTF-8. */
    public void put(String message) throws InterruptedException {
        offer(utf8(message), FOREVER);
    }

    /** As {@link #put(byte[])}, the message being {@code message}'s remaining bytes (its position advances). */
    public void put(ByteBuffer message) throws InterruptedException {
        offer(message, FOREVER);
    }

    /**
     * Removes the head message, waiting as long as it takes for one, as
     * {@link java.util.concurrent.BlockingQueue#take} does.
     *
     * @throws InterruptedException the thread was interrupted while waiting (the interrupt
     *     status is cleared); nothing was removed
     * @throws SegmentClosedException another thread closed this handle meanwhile
     */
    public byte[] take() throws InterruptedException {
        return poll(FOREVER);
    }

    /** As {@link #take()}, as UTF-8 text. */
    public String takeString() throws InterruptedException {
        return pollString(FOREVER);
    }

    /** As {@link #take()} into {@code destination} (as {@link #dequeue(ByteBuffer)}): the length. */
    public int take(ByteBuffer destination) throws InterruptedException {
        return poll(destination, FOREVER);
    }

    /** Whether a change came that woke nobody (a C++ peer): this handle's sleeps are short since. For tests. */
    boolean unwokenPeerSeen() {
        try {
            return QueueNative.unwokenPeerSeen(native_.handle);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    // ---- state ----

    /** Messages in the queue now. */
    public int size() {
        try {
            return (int) QueueNative.size(native_.handle);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    public boolean isFull() {
        return size() >= native_.capacity;
    }

    /** The number of slots. */
    public int capacity() {
        return native_.capacity;
    }

    /** The longest message in bytes. */
    public int maxMessageSize() {
        return native_.maxMessageSize;
    }

    public String name() {
        return name;
    }

    public boolean isPersistent() {
        return persistent;
    }

    public boolean isClosed() {
        return closed;
    }

    /**
     * How long an operation waits for the queue's producer or consumer lock (held by another
     * process) before it throws {@link LockTimeoutException}. Default 5 seconds. A wait ends
     * sooner when this queue is closed ({@link SegmentClosedException}) or the waiting thread is
     * interrupted ({@link LockWaitInterruptedException}, the interrupt status kept set); the
     * operation then did nothing.
     *
     * @throws InvalidArgumentException {@code timeout} is null or negative (streams and queues alike)
     */
    public void setLockTimeout(Duration timeout) {
        long nanos = LockTimeout.nanos("queue '" + name + "'", timeout);
        try {
            QueueNative.setLockTimeout(native_.handle, nanos);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Who holds the producer lock now (a diagnostic snapshot); see {@link LockHolder}. A holder
     * that is a process of this library and has died is taken over automatically by the next
     * enqueue, which first repairs an enqueue that holder left half-done.
     */
    public LockHolder producerLockHolder() {
        return lockHolder(true);
    }

    /** As {@link #producerLockHolder()}, for the consumer lock (dequeue and peek). */
    public LockHolder consumerLockHolder() {
        return lockHolder(false);
    }

    /**
     * Takes the producer lock away from its holder, repairs an enqueue it may have left half-done
     * (holding both locks), and returns who held it ({@link LockHolder#isFree()} if nobody: then
     * nothing is done). Waits for the consumer lock at most the lock timeout.
     *
     * <p><b>Only call this when the holder is known to be dead</b> — typically a C++
     * libsharedmemory process (value 1) that crashed while holding the lock, which this library
     * cannot detect by itself: enqueues then fail with {@link LockTimeoutException}. A holder that
     * is still alive would go on without the lock and could overwrite or lose messages. Holders
     * that are processes of this library need no forced unlock: their death is detected
     * automatically.
     *
     * @throws LockTimeoutException the consumer lock is held too (for example by another dead C++
     *     process): the producer lock stays abandoned; force-unlock the consumers as well
     */
    public LockHolder forceUnlockProducers() {
        return forceUnlock(true, null);
    }

    /** As {@link #forceUnlockProducers()}, for the consumer lock (dequeue and peek). */
    public LockHolder forceUnlockConsumers() {
        return forceUnlock(false, null);
    }

    /**
     * As {@link #forceUnlockProducers()}, but only while the producer lock is still held by
     * {@code expected} — the holder you checked, as {@link #producerLockHolder()} returned it — in
     * one atomic step, so a process that took the lock after your check is never forced out.
     * Returns who held it: {@code expected} when it was forced open (free: nothing to do), another
     * holder when the lock changed hands meanwhile (then nothing was done: check that one).
     */
    public LockHolder forceUnlockProducersIf(LockHolder expected) {
        return forceUnlock(true, Objects.requireNonNull(expected, "expected"));
    }

    /** As {@link #forceUnlockProducersIf(LockHolder)}, for the consumer lock. */
    public LockHolder forceUnlockConsumersIf(LockHolder expected) {
        return forceUnlock(false, Objects.requireNonNull(expected, "expected"));
    }

    @Override
    public void setFollowRecreated(boolean follow) {
        follower.setEnabled(follow);
    }

    @Override
    public boolean isFollowingRecreated() {
        return follower.isEnabled();
    }

    @Override
    public long followCount() {
        return follower.count();
    }

    @Override
    public Optional<Instant> lastFollowed() {
        return follower.lastFollowed();
    }

    /**
     * When following and due (at most once a millisecond): maps the queue the name now leads to,
     * if it was re-created and this one is empty. True when it did. Called where a take found
     * the queue empty.
     */
    boolean followIfRecreated() {
        try {
            if (!follower.followIfDue(native_.handle)) {
                return false;
            }
            native_.refreshGeometry(name);
            return true;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * True when the name no longer leads to the segment this handle maps: another process
     * re-created the queue (creating always replaces), or the name was removed. Reopen to reach
     * the new queue; this handle keeps working on the old, nameless one.
     */
    public boolean isStale() {
        try {
            return staleReport.check(QueueNative.isStale(native_.handle));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /** Removes the queue's name from the OS; processes that have it open keep using it. Also works after close. */
    public void destroy() {
        try {
            QueueNative.destroy(native_.handle);
        } catch (SegmentClosedException closedMeanwhile) {
            SharedMemory.remove(name);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    /**
     * Waits for calls of other threads in flight, then unmaps the queue; a non-persistent queue
     * also removes its name. Idempotent. (The native handle is freed once this object is
     * unreachable: until then it refuses calls with {@link SegmentClosedException}.)
     */
    @Override
    public void close() {
        closed = true;
        try {
            QueueNative.close(native_.handle);
            LifecycleEvents.reportTakeOvers();
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    @Override
    public String toString() {
        return "SharedMemoryQueue[" + name + ", capacity " + native_.capacity + ", maxMessageSize "
                + native_.maxMessageSize + (persistent ? "" : ", not persistent") + (isClosed() ? ", closed" : "") + "]";
    }

    // ---- helpers ----

    private LockHolder lockHolder(boolean producers) {
        try {
            return LockHolder.of(QueueNative.lockHolder(native_.handle, producers));
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private LockHolder forceUnlock(boolean producers, LockHolder expected) {
        try {
            LockHolder replaced = LockHolder.of(QueueNative.forceUnlock(native_.handle, producers, LockHolder.expectedWord(expected)));
            if (!replaced.isFree() && (expected == null || replaced.equals(expected))) { // forced open
                LifecycleEvents.forcedUnlock(name, LifecycleEvents.QUEUE, producers ? "producer" : "consumer", replaced);
            }
            return replaced;
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private byte[] take(boolean remove) {
        try {
            byte[] message = QueueCalls.take(native_.handle, remove);
            return message != null || !followIfRecreated() ? message : QueueCalls.take(native_.handle, remove);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private String takeString(boolean remove) {
        try {
            String message = QueueCalls.takeString(native_.handle, remove);
            return message != null || !followIfRecreated() ? message : QueueCalls.takeString(native_.handle, remove);
        } finally {
            Reference.reachabilityFence(this);
        }
    }

    private int take(ByteBuffer destination, boolean remove) {
        int length = takeOnce(destination, remove);
        return length >= 0 || !followIfRecreated() ? length : takeOnce(destination, remove);
    }

    private int takeOnce(ByteBuffer destination, boolean remove) {
        Objects.requireNonNull(destination, "destination");
        if (destination.isReadOnly()) {
            throw new ReadOnlyBufferException();
        }
        int position = destination.position();
        int room = destination.limit() - position; // one read of the position, in case another thread moves it
        int length;
        try {
            if (destination.isDirect()) {
                DirectAddress direct = takeBuffers.of(destination);
                length = QueueCalls.take(native_.handle, remove, direct, position, room);
            } else {
                length = QueueCalls.take(native_.handle, remove, destination.array(), destination.arrayOffset() + position,
                        room);
            }
        } finally {
            Reference.reachabilityFence(this);
            Reference.reachabilityFence(destination);
        }
        if (length > 0) {
            destination.position(position + length);
        }
        return length;
    }

    private void checkLength(int length) {
        if (length > native_.maxMessageSize) {
            throw new MessageTooLargeException("queue '" + name + "': message of " + length
                    + " bytes exceeds maxMessageSize " + native_.maxMessageSize + "; nothing was enqueued");
        }
    }

    private static byte[] utf8(String message) {
        return Objects.requireNonNull(message, "message").getBytes(StandardCharsets.UTF_8);
    }
}
