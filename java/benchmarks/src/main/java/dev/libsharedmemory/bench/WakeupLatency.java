package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryQueue;
import dev.libsharedmemory.SharedMemoryReadStream;
import dev.libsharedmemory.SharedMemoryWriteStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Wake-up latency across processes: a sender process (a second JVM, {@link BenchPeer}, or
 * lsm-bench) sleeps {@code gap} between messages, then puts its CLOCK_MONOTONIC time (8 bytes,
 * little-endian) in a message or stream payload and enqueues or writes it; this thread, blocked
 * in {@code poll}, {@code take} or {@code awaitNewData} since the previous message, takes
 * {@code System.nanoTime()} (CLOCK_MONOTONIC on Linux, the same clock in every process) as the
 * call returns. A sample is return time − send time. The first {@code warmup} messages are not
 * counted (the JIT of both JVMs).
 */
final class WakeupLatency {
    static final int MESSAGE = 64;
    private static final int CAPACITY = 16;
    /** A stream of 44 payload bytes (the 20-byte header included). */
    static final long STREAM_SIZE = 64;
    /** One wait's limit: a sender that stopped ends the run instead of hanging it. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** How the sender's messages come in; the label is that part of the scenario's name. */
    enum Call {
        QUEUE_POLL("queue_poll"), QUEUE_TAKE("queue_take"), STREAM_AWAIT("stream_await");

        final String label;

        Call(String label) {
            this.label = label;
        }
    }

    /**
     * The sender process: a second JVM, lsm-bench on this project's core (both wake waiters), or
     * lsm-bench doing the wire steps alone, as a C++ library peer (it wakes nobody).
     */
    enum Sender {
        JAVA, NATIVE, FLOOR;

        final String label = name().toLowerCase(Locale.ROOT);
    }

    /** One blocking wait: puts the message or payload in {@code into}, returns the time the wait returned. */
    private interface Receive {
        long next(ByteBuffer into) throws Throwable;
    }

    private WakeupLatency() {}

    /** True when the library has this call ({@code take(ByteBuffer)} is newer than the rest). */
    static boolean available(Call call) {
        return call != Call.QUEUE_TAKE || take() != null;
    }

    /** The sorted samples (ns) of {@code messages} wake-ups after {@code warmup} uncounted ones. */
    static long[] measure(Call call, Sender sender, String strategy, int warmup, int messages, long gapMillis)
            throws Throwable {
        String total = Integer.toString(warmup + messages);
        String gap = Long.toString(gapMillis);
        return call == Call.STREAM_AWAIT
                ? fromStream(sender, strategy, warmup, messages, total, gap)
                : fromQueue(call, sender, strategy, warmup, messages, total, gap, gapMillis);
    }

    /**
     * Java sender, native waiter: this JVM writes (as the stream-send peer does) to
     * "lsm-bench peer stream-wait", which waits in lsm_stream_reader_wait_new_data and reports
     * its samples. The C ABI's wait has no strategy: the handle's own.
     */
    static long[] toNativeWaiter(int warmup, int messages, long gapMillis) throws InterruptedException {
        JitWarmUp.stream(); // this JVM is the sender here
        String name = Scenarios.uniqueName("wakesn");
        try (SharedMemoryWriteStream stream = SharedMemoryWriteStream.openOrCreate(name, STREAM_SIZE, false);
                Peer waiter = Peer.nativePeer("stream-wait", name, Long.toString(STREAM_SIZE),
                        Integer.toString(messages), Integer.toString(warmup))) {
            BenchPeer.writeTimes(stream, warmup + messages, gapMillis);
            String[] fields = waiter.readLine().split("\t");
            if (!fields[0].equals("samples") || fields.length != messages + 1) {
                throw new IllegalStateException("the native waiter answered " + String.join(" ", fields));
            }
            long[] samples = new long[messages];
            for (int i = 0; i < messages; i++) {
                samples[i] = Long.parseLong(fields[i + 1]);
            }
            Arrays.sort(samples);
            return samples;
        }
    }

    /** True when lsm-bench's C ABI has a blocking wait (the native waiter's rows). */
    static boolean nativeWaiterAvailable() {
        return Peer.nativeSays("has-native-wait");
    }

    private static long[] fromStream(Sender sender, String strategy, int warmup, int messages, String total, String gap)
            throws Throwable {
        String name = Scenarios.uniqueName("wakes");
        // This process creates the stream (and removes it on close); the sender attaches to it.
        JitWarmUp.stream();
        try (SharedMemoryWriteStream owner = SharedMemoryWriteStream.openOrCreate(name, STREAM_SIZE, false);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(name, STREAM_SIZE, true)) {
            WaitStrategies.apply(reader, strategy);
            Receive receive = into -> {
                long returned = TimedSteps.awaitTimed(reader, TIMEOUT);
                if (returned < 0) {
                    throw new IllegalStateException("no write on " + name + " within " + TIMEOUT);
                }
                reader.read(into);
                reader.markAsRead();
                return returned;
            };
            try (Peer peer = streamSender(sender, name, total, gap)) {
                return collect(receive, warmup, messages);
            }
        }
    }

    private static long[] fromQueue(Call call, Sender sender, String strategy, int warmup, int messages, String total,
            String gap, long gapMillis) throws Throwable {
        String name = Scenarios.uniqueName("wakeq");
        JitWarmUp.queue(call == Call.QUEUE_TAKE ? take() : null);
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, CAPACITY, MESSAGE, false, true)) {
            WaitStrategies.apply(queue, strategy);
            Receive receive;
            if (call == Call.QUEUE_TAKE) {
                MethodHandle take = take();
                receive = into -> TimedSteps.takeTimed(take, queue, into);
            } else {
                receive = into -> {
                    long returned = TimedSteps.pollTimed(queue, into, TIMEOUT);
                    if (returned < 0) {
                        throw new IllegalStateException("no message on " + name + " within " + TIMEOUT);
                    }
                    return returned;
                };
            }
            // take() has no timeout: a sender that stopped must not hang the run.
            long limitMillis = 2L * (warmup + messages) * gapMillis + TIMEOUT.toMillis();
            try (Peer peer = queueSender(sender, name, total, gap);
                    Watchdog watchdog = new Watchdog(limitMillis)) {
                return collect(receive, warmup, messages);
            } catch (InterruptedException e) {
                throw new IllegalStateException("no message on " + name + " within " + limitMillis + " ms", e);
            }
        }
    }

    /** Interrupts the thread that made it when it is not closed within the limit. */
    private static final class Watchdog implements AutoCloseable {
        private final CountDownLatch closed = new CountDownLatch(1);
        private final Thread thread;

        Watchdog(long limitMillis) {
            Thread waiter = Thread.currentThread();
            thread = new Thread(() -> {
                try {
                    if (!closed.await(limitMillis, TimeUnit.MILLISECONDS)) {
                        waiter.interrupt();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "wakeup-watchdog");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            closed.countDown();
            thread.join();
        }
    }

    private static Peer queueSender(Sender sender, String name, String total, String gap) {
        return switch (sender) {
            case JAVA -> Peer.jvm("queue-send", name, total, gap);
            case NATIVE -> Peer.nativePeer("queue-send", name, total, gap);
            case FLOOR -> Peer.nativePeer("floor-queue-send", name, Integer.toString(CAPACITY), Integer.toString(MESSAGE),
                    total, gap);
        };
    }

    private static Peer streamSender(Sender sender, String name, String total, String gap) {
        String size = Long.toString(STREAM_SIZE);
        return switch (sender) {
            case JAVA -> Peer.jvm("stream-send", name, size, total, gap);
            case NATIVE -> Peer.nativePeer("stream-send", name, size, total, gap);
            case FLOOR -> Peer.nativePeer("floor-stream-send", name, size, total, gap);
        };
    }

    private static long[] collect(Receive receive, int warmup, int messages) throws Throwable {
        ByteBuffer into = ByteBuffer.allocateDirect(MESSAGE).order(ByteOrder.LITTLE_ENDIAN);
        long[] samples = new long[messages];
        for (int i = 0; i < warmup + messages; i++) {
            into.clear();
            long returned = receive.next(into);
            if (into.position() < Long.BYTES) {
                throw new IllegalStateException("a message of " + into.position() + " bytes: no send time in it");
            }
            long sent = into.getLong(0);
            if (i >= warmup) {
                samples[i - warmup] = returned - sent;
            }
        }
        Arrays.sort(samples);
        return samples;
    }

    /** SharedMemoryQueue.take(ByteBuffer) as (queue, buffer) -> void, or null when the library has none. */
    private static MethodHandle take() {
        try {
            return MethodHandles.publicLookup()
                    .unreflect(SharedMemoryQueue.class.getMethod("take", ByteBuffer.class))
                    .asType(MethodType.methodType(void.class, SharedMemoryQueue.class, ByteBuffer.class));
        } catch (NoSuchMethodException e) {
            return null;
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("SharedMemoryQueue.take(ByteBuffer) is not public", e);
        }
    }
}
