package dev.libsharedmemory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The child JVM of {@link ShrunkSegmentTest}: {@code ShrunkSegmentScenarios NAME...}. Maps a
 * stream, a queue and a raw segment, lets another process ({@code truncate}) shrink each, and
 * checks that every call then throws {@link CorruptSegmentException}; then checks that the JVM's
 * own fault handling still works. Prints "ok SCENARIO" per scenario; exits 0 when all passed, 1
 * on a failed check. Without the library's SIGBUS handling this JVM dies of SIGBUS instead.
 */
public final class ShrunkSegmentScenarios {
    private static final List<String> failures = new ArrayList<>();

    private ShrunkSegmentScenarios() {}

    public static void main(String[] args) throws Exception {
        stream(args[0]);
        queue(args[1]);
        segment(args[2]);
        viewsOfAShrunkSegment(args[4], args[5], args[6]);
        jvmFaultsStillWork(args[3]);
        if (!failures.isEmpty()) {
            failures.forEach(System.out::println);
            System.exit(1);
        }
        System.out.flush();
        System.exit(0);
    }

    /** Another process shrinks the named segment, as a hostile peer may. */
    private static void shrink(String name, long size) throws IOException, InterruptedException {
        Process truncate = new ProcessBuilder("truncate", "-s", Long.toString(size), "/dev/shm/" + name)
                .inheritIO()
                .start();
        if (truncate.waitFor() != 0) throw new IllegalStateException("truncate failed for " + name);
    }

    private static void expectCorrupt(String what, Runnable call) {
        try {
            call.run();
            failures.add("FAILED " + what + ": no exception");
        } catch (CorruptSegmentException e) {
            if (!e.getMessage().contains("shrunk by another process")) {
                failures.add("FAILED " + what + ": " + e.getMessage());
            }
        } catch (RuntimeException e) {
            failures.add("FAILED " + what + ": " + e);
        }
    }

    private static void stream(String name) throws Exception {
        try (SharedMemoryWriteStream writer = new SharedMemoryWriteStream(name, 65536, false);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(name, 65536, true)) {
            writer.write(new byte[30000]);
            shrink(name, 4096); // the header page stays, the payload pages go
            expectCorrupt("stream write small array", () -> writer.write(new byte[5000]));
            expectCorrupt("stream write large array", () -> writer.write(new byte[60000]));
            expectCorrupt("stream write direct buffer", () -> writer.write(ByteBuffer.allocateDirect(5000)));
            expectCorrupt("stream write double[]", () -> writer.write(new double[1000]));
            expectCorrupt("stream readBytes", reader::readBytes);
            expectCorrupt("stream readString", reader::readString);
            expectCorrupt("stream read(ByteBuffer)", () -> reader.read(ByteBuffer.allocateDirect(65536)));
            expectCorrupt("stream hasNewData", reader::hasNewData);
            shrink(name, 0); // and now the header, with the lock word
            expectCorrupt("stream write after the header went", () -> writer.write("x"));
        }
        System.out.println("ok stream");
    }

    private static void queue(String name) throws Exception {
        try (SharedMemoryQueue producer = new SharedMemoryQueue(name, 64, 1024, false, true);
                SharedMemoryQueue consumer = new SharedMemoryQueue(name, 64, 1024, true, false)) {
            for (int i = 0; i < 40; i++) producer.enqueue(new byte[1000]);
            shrink(name, 8192); // the first eight slots stay
            expectCorrupt("queue dequeue", () -> {
                for (int i = 0; i < 40; i++) consumer.dequeue();
            });
            expectCorrupt("queue enqueue", () -> producer.enqueue(new byte[1000]));
            expectCorrupt("queue enqueue direct", () -> producer.enqueue(ByteBuffer.allocateDirect(100)));
            expectCorrupt("queue peek", consumer::peek);
            expectCorrupt("queue dequeue(ByteBuffer)", () -> consumer.dequeue(ByteBuffer.allocateDirect(1024)));
            expectCorrupt("queue enqueueAll", () -> producer.enqueueAll(List.of(new byte[10], new byte[10])));
            expectCorrupt("queue size", consumer::size);
        }
        System.out.println("ok queue");
    }

    private static void segment(String name) throws Exception {
        try (SharedMemory shm = SharedMemory.create(name, 65536, false)) {
            shm.write(0, new byte[65536]);
            ByteBuffer view = shm.buffer();
            shrink(name, 4096);
            expectCorrupt("segment write small", () -> shm.write(8192, new byte[16]));
            expectCorrupt("segment read small", () -> shm.read(8192, new byte[16]));
            expectCorrupt("segment write large", () -> shm.write(4096, new byte[40000]));
            expectCorrupt("segment read large", () -> shm.read(4096, new byte[40000]));
            expectCorrupt("segment read below the cut after a cut", () -> shm.read(0, new byte[16]));
            // The failed calls left no silent zeros behind: the handle's own view faults past the cut,
            // before and after another absorbed call.
            expectThrows("buffer() past the cut after a failed call", InternalError.class, () -> (int) view.get(8192));
            expectThrows("buffer() put past the cut after a failed call", InternalError.class,
                    () -> (int) view.put(20000, (byte) 1).position());
            expectCorrupt("segment read after the view faulted", () -> shm.read(8192, new byte[16]));
            expectThrows("buffer() past the cut after that call", InternalError.class, () -> (int) view.get(8192));
        }
        System.out.println("ok segment");
    }

    // A buffer() view (or a slice of it) of one segment passed to a call on another handle: the
    // fault is outside the called handle's mapping, so only the JDK's copy can catch it.
    private static void viewsOfAShrunkSegment(String shrunk, String streamName, String queueName) throws Exception {
        try (SharedMemory shm = SharedMemory.create(shrunk, 65536, false);
                SharedMemoryWriteStream writer = new SharedMemoryWriteStream(streamName, 4096, false);
                SharedMemoryReadStream reader = new SharedMemoryReadStream(streamName, 4096, true);
                SharedMemoryQueue queue = new SharedMemoryQueue(queueName, 4, 2048, true, true)) {
            ByteBuffer view = shm.buffer();
            ByteBuffer slice = view.slice(8192, 1000);
            writer.write("x");
            queue.enqueue(new byte[1000]);
            shrink(shrunk, 4096);
            expectCorrupt("stream write(view)", () -> writer.write(view.duplicate().position(8192).limit(9000)));
            expectCorrupt("stream write(slice)", () -> writer.write(slice.duplicate()));
            expectCorrupt("queue enqueue(slice)", () -> queue.enqueue(slice.duplicate()));
            expectCorrupt("stream read(slice)", () -> reader.read(slice.duplicate()));
            expectCorrupt("queue dequeue(slice)", () -> queue.dequeue(slice.duplicate()));
            writer.write("y"); // the handles called are fine
            if (!"y".equals(reader.readString())) failures.add("FAILED the stream after the views' faults");
        }
        System.out.println("ok views");
    }

    // The JVM's own SIGSEGV and SIGBUS uses, with the library loaded (its handler in front).
    private static void jvmFaultsStillWork(String name) throws Exception {
        int[] array = new int[4];
        long sum = 0;
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 200_000; i++) sum += lengthOf(array); // compiled, with an implicit null check
            expectThrows("null dereference", NullPointerException.class, () -> lengthOf(null));
        }
        expectThrows("deep recursion", StackOverflowError.class, () -> recurse(0));
        try (SharedMemory shm = SharedMemory.create(name, 65536, false)) {
            ByteBuffer buffer = shm.buffer();
            buffer.put(8192, (byte) 1);
            shrink(name, 4096);
            for (int round = 0; round < 3; round++) {
                expectThrows("buffer() past the cut", InternalError.class, () -> (int) buffer.get(8192));
            }
        }
        System.out.println("ok jvm faults " + (sum > 0));
    }

    private static void expectThrows(String what, Class<? extends Throwable> type, Supplier<Integer> call) {
        try {
            call.get();
            failures.add("FAILED " + what + ": no " + type.getSimpleName());
        } catch (Throwable e) {
            if (!type.isInstance(e)) failures.add("FAILED " + what + ": " + e);
        }
    }

    private static int lengthOf(int[] array) {
        return array.length;
    }

    private static int recurse(int depth) {
        return recurse(depth + 1) + 1;
    }
}
