package dev.libsharedmemory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stream commands of {@link JvmPeer}, the same as jni/tools/peer/stream_commands.cpp (same
 * arguments, same output). PAYLOAD: {@code string TEXT | hex HEX | float V... | double V...}.
 */
final class StreamPeerCommands {
    private static final PrintStream OUT = System.out;

    private StreamPeerCommands() {}

    static int run(String command, String[] args) throws Exception {
        switch (command) {
            case "stream-write":
                return write(args);
            case "stream-read":
                return read(args);
            case "stream-await":
                return await(args);
            case "stream-sleep":
                return sleep(args);
            case "stream-sleep-ack":
                return sleepForAck(args);
            case "stream-stress-write":
                return stressWrite(args);
            case "stream-stress-read":
                return stressRead(args);
            default:
                System.err.println("unknown command " + command);
                return 1;
        }
    }

    /** stream-write NAME SIZE PAYLOAD [--go] [--wait-read MS] */
    private static int write(String[] args) throws Exception {
        List<String> rest = Arrays.asList(args);
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(args[0], Long.parseLong(args[1]), true)) {
            say("created");
            if (rest.contains("--go")) {
                new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            }
            writePayload(out, args, 2);
            say("written");
            int wait = rest.indexOf("--wait-read");
            if (wait < 0) {
                return 0;
            }
            boolean read = out.waitForRead(Duration.ofMillis(Long.parseLong(args[wait + 1])));
            say(read ? "read" : "unread");
            return read ? 0 : 3;
        }
    }

    /** stream-read NAME SIZE TYPE [--mark] */
    private static int read(String[] args) {
        try (SharedMemoryReadStream in = new SharedMemoryReadStream(args[0], Long.parseLong(args[1]), true)) {
            printPayload(in, args[2]);
            if (Arrays.asList(args).contains("--mark")) {
                in.markAsRead();
            }
        }
        return 0;
    }

    /** stream-await NAME SIZE TYPE TIMEOUT_MS */
    private static int await(String[] args) throws InterruptedException {
        try (SharedMemoryReadStream in = new SharedMemoryReadStream(args[0], Long.parseLong(args[1]), true)) {
            say("ready");
            say("fresh " + (in.hasNewData() ? 1 : 0));
            if (!in.awaitNewData(Duration.ofMillis(Long.parseLong(args[3])))) {
                return 3;
            }
            printPayload(in, args[2]);
            in.markAsRead();
        }
        return 0;
    }

    /**
     * stream-sleep NAME SIZE TIMEOUT_MS: as lsm-peer's: a reader whose peer poll interval is the
     * whole timeout (only a wake-up ends it early) awaits a write and prints it. Exit 3: none.
     */
    private static int sleep(String[] args) throws InterruptedException {
        Duration timeout = Duration.ofMillis(Long.parseLong(args[2]));
        try (SharedMemoryReadStream in = new SharedMemoryReadStream(args[0], Long.parseLong(args[1]), true)) {
            in.setWaitStrategy(WaitStrategy.sleep(timeout));
            say("ready");
            if (!in.awaitNewData(timeout)) {
                return 3;
            }
            OUT.print(in.readString());
        }
        return 0;
    }

    /** stream-sleep-ack NAME SIZE TIMEOUT_MS: the same for waitForRead on an existing stream. Exit 3: unread. */
    private static int sleepForAck(String[] args) throws InterruptedException {
        Duration timeout = Duration.ofMillis(Long.parseLong(args[2]));
        try (SharedMemoryWriteStream out = SharedMemoryWriteStream.openOrCreate(args[0], Long.parseLong(args[1]), true)) {
            out.setWaitStrategy(WaitStrategy.sleep(timeout));
            say("ready");
            return out.waitForRead(timeout) ? 0 : 3;
        }
    }

    /** stream-stress-write NAME SIZE MS THREADS */
    private static int stressWrite(String[] args) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofMillis(Long.parseLong(args[2])).toNanos();
        AtomicLong writes = new AtomicLong();
        try (SharedMemoryWriteStream out = new SharedMemoryWriteStream(args[0], Long.parseLong(args[1]), true)) {
            say("ready");
            runThreads(Integer.parseInt(args[3]), t -> {
                for (int i = 0; System.nanoTime() - until < 0; i++) {
                    out.write(StreamPatterns.pattern(i, t, (int) out.maxPayloadSize()));
                    writes.incrementAndGet();
                }
            });
        }
        say("writes " + writes.get());
        return 0;
    }

    /** stream-stress-read NAME SIZE MS THREADS: exit 4 if a payload was torn. */
    private static int stressRead(String[] args) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofMillis(Long.parseLong(args[2])).toNanos();
        AtomicLong reads = new AtomicLong();
        AtomicLong torn = new AtomicLong();
        runThreads(Integer.parseInt(args[3]), t -> {
            try (SharedMemoryReadStream in = new SharedMemoryReadStream(args[0], Long.parseLong(args[1]), true)) {
                while (System.nanoTime() - until < 0) {
                    byte[] payload = in.readBytes();
                    if (payload.length > 0 && !StreamPatterns.isPattern(payload)) {
                        torn.incrementAndGet();
                    }
                    reads.incrementAndGet();
                }
            }
        });
        say("reads " + reads.get() + " torn " + torn.get());
        return torn.get() == 0 ? 0 : 4;
    }

    private static void writePayload(SharedMemoryWriteStream out, String[] args, int first) {
        List<String> values = new ArrayList<>();
        for (int i = first + 1; i < args.length && !args[i].startsWith("--"); i++) {
            values.add(args[i]);
        }
        String text = values.isEmpty() ? "" : values.get(0);
        switch (args[first]) {
            case "string":
                out.write(text);
                break;
            case "hex":
                out.write(HexFormat.of().parseHex(text));
                break;
            case "float": {
                float[] floats = new float[values.size()];
                for (int i = 0; i < floats.length; i++) {
                    floats[i] = Float.parseFloat(values.get(i));
                }
                out.write(floats);
                break;
            }
            case "double":
                out.write(values.stream().mapToDouble(Double::parseDouble).toArray());
                break;
            default:
                throw new IllegalArgumentException("unknown payload type " + args[first]);
        }
    }

    private static void printPayload(SharedMemoryReadStream in, String kind) {
        switch (kind) {
            case "float":
                for (float v : in.readFloatArray()) {
                    OUT.println(v);
                }
                break;
            case "double":
                for (double v : in.readDoubleArray()) {
                    OUT.println(v);
                }
                break;
            case "hex":
                OUT.println(HexFormat.of().formatHex(in.readBytes()));
                break;
            default:
                byte[] bytes = in.readBytes();
                OUT.write(bytes, 0, bytes.length);
        }
        OUT.flush();
    }

    private static void say(String line) {
        OUT.println(line);
        OUT.flush();
    }

    interface ThreadBody {
        void run(int thread) throws IOException;
    }

    private static void runThreads(int count, ThreadBody body) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < count; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    body.run(id);
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        if (!failures.isEmpty()) {
            throw new SharedMemoryException("a thread failed: " + failures.get(0), failures.get(0));
        }
    }
}
