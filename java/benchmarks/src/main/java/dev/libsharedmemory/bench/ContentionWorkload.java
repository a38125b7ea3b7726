package dev.libsharedmemory.bench;

import dev.libsharedmemory.SharedMemoryQueue;
import dev.libsharedmemory.SharedMemoryWriteStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/**
 * The C++ library's contention workload in Java, timed as the native benchmark times it
 * (jni/bench/workload_scenarios.cpp, same names and counts): a fixed amount of work, threads
 * started at one gate, a run's time from before they start to after they join; prints
 * "scenario TAB ns per message" (median of the measured runs) as lsm-bench does. Not JMH: the
 * work is a whole run, not an operation repeated for a time. Warm-up runs let the JIT compile
 * the loops first.
 *
 * <pre>ContentionWorkload [--warmup N] [--runs N] [--scale F] [--filter REGEX]</pre>
 */
public final class ContentionWorkload {
    static final int QUEUE_CAPACITY = 4096;
    static final int QUEUE_MESSAGE_SIZE = 64;
    static final int STREAM_SIZE = 1024;
    static final int[] THREADS = {1, 2, 4, 8};

    /** Keeps the JIT from dropping the strings dequeued. */
    static volatile int sink;

    private ContentionWorkload() {}

    /** One run of a workload on {@code threads} threads: its wall time in ns. */
    @FunctionalInterface
    interface Run {
        long run(int threads, long perThread) throws InterruptedException;
    }

    public static void main(String[] args) throws InterruptedException {
        int warmup = 2;
        int runs = 3;
        double scale = 1.0;
        Pattern filter = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--warmup": warmup = Integer.parseInt(args[++i]); break;
                case "--runs": runs = Integer.parseInt(args[++i]); break;
                case "--scale": scale = Double.parseDouble(args[++i]); break;
                case "--filter": filter = Pattern.compile(args[++i]); break;
                default: throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long writes = Math.max(1, (long) (200_000 * scale));
        long messages = Math.max(1, (long) (100_000 * scale));
        for (int n : THREADS) {
            measure("contention_stream_writers_" + n, n, writes, ContentionWorkload::streamWriters, warmup, runs, filter);
        }
        for (int n : THREADS) {
            measure("contention_queue_producers_" + n, n, messages, ContentionWorkload::queueProducers, warmup, runs, filter);
        }
        for (int n : THREADS) {
            measure("contention_queue_consumers_" + n, n, messages, ContentionWorkload::queueConsumers, warmup, runs, filter);
        }
    }

    private static void measure(String scenario, int threads, long perThread, Run run, int warmup, int runs,
            Pattern filter) throws InterruptedException {
        if (filter != null && !filter.matcher(scenario).find()) {
            return;
        }
        for (int i = 0; i < warmup; i++) {
            run.run(threads, perThread);
        }
        double[] ns = new double[runs];
        for (int i = 0; i < runs; i++) {
            ns[i] = run.run(threads, perThread) / (double) (threads * perThread);
        }
        Arrays.sort(ns);
        System.out.printf("%s\t%.3f%n", scenario, ns[runs / 2]);
        System.err.printf("[java] %-40s %12.3f ns/op%n", scenario, ns[runs / 2]);
    }

    static long streamWriters(int threads, long perThread) throws InterruptedException {
        try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(Scenarios.uniqueName("wl_stream"), STREAM_SIZE,
                false)) {
            return gated(threads, t -> {
                for (long i = 0; i < perThread; i++) {
                    writer.write("S-" + t + "-" + i);
                }
            });
        }
    }

    static long queueProducers(int producers, long perProducer) throws InterruptedException {
        String name = Scenarios.uniqueName("wl_producers");
        try (SharedMemoryQueue queue = new SharedMemoryQueue(name, QUEUE_CAPACITY, QUEUE_MESSAGE_SIZE, false, true);
                SharedMemoryQueue consumer = new SharedMemoryQueue(name, QUEUE_CAPACITY, QUEUE_MESSAGE_SIZE, true, false)) {
            long total = producers * perProducer;
            return gated(producers + 1, t -> {
                if (t == producers) {
                    for (long received = 0; received < total; ) {
                        received += dequeueOne(consumer) ? 1 : 0;
                    }
                    return;
                }
                for (long i = 0; i < perProducer; i++) {
                    enqueueUntilDone(queue, "P-" + t + "-" + i);
                }
            });
        }
    }

    static long queueConsumers(int consumers, long perConsumer) throws InterruptedException {
        String name = Scenarios.uniqueName("wl_consumers");
        List<SharedMemoryQueue> handles = new ArrayList<>();
        try (SharedMemoryQueue producer = new SharedMemoryQueue(name, QUEUE_CAPACITY, QUEUE_MESSAGE_SIZE, false, true)) {
            for (int c = 0; c < consumers; c++) {
                handles.add(new SharedMemoryQueue(name, QUEUE_CAPACITY, QUEUE_MESSAGE_SIZE, true, false));
            }
            long total = consumers * perConsumer;
            AtomicLong consumed = new AtomicLong();
            return gated(consumers + 1, t -> {
                if (t == consumers) {
                    for (long i = 0; i < total; i++) {
                        enqueueUntilDone(producer, "C-" + i);
                    }
                    return;
                }
                SharedMemoryQueue mine = handles.get(t);
                while (consumed.get() < total) {
                    if (dequeueOne(mine)) {
                        consumed.incrementAndGet();
                    }
                }
            });
        } finally {
            handles.forEach(SharedMemoryQueue::close);
        }
    }

    private static void enqueueUntilDone(SharedMemoryQueue queue, String message) {
        while (!queue.enqueue(message)) {
            Thread.yield();
        }
    }

    /** One dequeue into a string; false (after a yield) when the queue was empty. */
    private static boolean dequeueOne(SharedMemoryQueue queue) {
        String message = queue.dequeueString();
        if (message == null) {
            Thread.yield();
            return false;
        }
        sink = message.length();
        return true;
    }

    /**
     * Starts {@code count} threads that each run body(thread index) once all stand at one gate;
     * returns the wall time from before the first starts to after the last joins. A thread's
     * exception is rethrown here.
     */
    static long gated(int count, IntConsumer body) throws InterruptedException {
        AtomicInteger waiting = new AtomicInteger(count);
        Throwable[] failure = new Throwable[1];
        Thread[] threads = new Thread[count];
        long start = System.nanoTime();
        for (int t = 0; t < count; t++) {
            int index = t;
            threads[t] = new Thread(() -> {
                waiting.decrementAndGet();
                while (waiting.get() > 0) {
                    Thread.yield();
                }
                body.accept(index);
            }, "workload-" + t);
            threads[t].setUncaughtExceptionHandler((thread, e) -> {
                synchronized (failure) {
                    failure[0] = e;
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        long elapsed = System.nanoTime() - start;
        synchronized (failure) {
            if (failure[0] != null) {
                throw new IllegalStateException("a workload thread failed", failure[0]);
            }
        }
        return elapsed;
    }
}
