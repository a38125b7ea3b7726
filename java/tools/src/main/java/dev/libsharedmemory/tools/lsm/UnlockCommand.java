package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.LockHolder;
import dev.libsharedmemory.LockTimeoutException;
import dev.libsharedmemory.SharedMemoryQueue;
import dev.libsharedmemory.SharedMemoryReadStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lsm unlock NAME [--producers|--consumers] --yes}: forces open a lock whose holder died. */
@Command(name = "unlock", mixinStandardHelpOptions = true,
        description = {"Forces open the lock of a stream, or the producer and consumer locks of a queue, after "
                + "showing who holds them, and repairs what a holder that died may have left half-done (as the "
                + "library's forceUnlock does). Without --yes it only shows what it would do.",
            "Only holders that cannot be running are unlocked: a process of this library that no longer exists, "
                + "or nobody (an earlier forced unlock). A running holder is refused. A holder of unknown identity "
                + "(the value 1 that C++ libsharedmemory processes store) is refused unless --force-unknown. "
                + "Nothing is changed when any selected lock is refused.",
            "Holders that died are also taken over by the next operation of this library that waits for the lock; "
                + "unlock is for segments that C++ peers (which wait forever) share, or nobody uses right now."},
        footer = {"", "Exit codes: see lsm --help (10 when a lock was refused, 4 when NAME is not a stream or queue)."})
final class UnlockCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", description = "Stream or queue name.")
    String name;

    @ArgGroup(exclusive = true)
    QueueSide side;

    /** Which lock of a queue; both when neither is given. */
    static final class QueueSide {
        @Option(names = "--producers", required = true, description = "A queue: only the producer lock (enqueue).")
        boolean producers;

        @Option(names = "--consumers", required = true, description = "A queue: only the consumer lock (dequeue, peek).")
        boolean consumers;
    }

    @Option(names = "--yes", description = "Do it (without: only show what would be done).")
    boolean yes;

    @Option(names = "--force-unknown",
            description = "Also unlock a holder of unknown identity (a C++ process): only when you know it is dead.")
    boolean forceUnknown;

    /** One lock of the segment: its name and the lock word read. */
    private record Target(String label, long word) {}

    @Override
    public Integer call() {
        Kind kind;
        long size;
        List<Target> targets = new ArrayList<>();
        try (OpenSegment segment = OpenSegment.open(name)) {
            Probe probe = Probe.of(segment.bytes());
            kind = probe.kind();
            size = segment.bytes().size();
            if (kind == Kind.STREAM) {
                if (side != null) {
                    throw LsmException.usage("segment '" + name + "' is a stream: it has one lock, "
                            + "--producers and --consumers are for queues");
                }
                targets.add(new Target("stream lock", probe.stream().lock().value()));
            } else if (kind == Kind.QUEUE) {
                if (side == null || side.producers) {
                    targets.add(new Target("producer lock", probe.queue().producerLock().value()));
                }
                if (side == null || side.consumers) {
                    targets.add(new Target("consumer lock", probe.queue().consumerLock().value()));
                }
            } else {
                throw LsmException.wrongKind("segment '" + name + "' is neither a stream nor a queue: it has no lock");
            }
        }
        List<UnlockDecision> decisions = new ArrayList<>();
        for (Target target : targets) {
            decisions.add(UnlockDecision.of(target.label(), LockState.of(target.word()), forceUnknown));
        }
        boolean refused = decisions.stream().anyMatch(d -> d.verdict() == UnlockDecision.Verdict.REFUSE);
        String unlockText = refused ? "could be unlocked, but nothing changes while another lock is refused"
                : yes ? "unlocking" : "would be unlocked (add --yes to do it)";
        for (UnlockDecision decision : decisions) {
            Terminal.OUT.println("segment '" + name + "', " + decision.describe(unlockText));
        }
        if (refused) {
            throw new LsmException(ExitCode.HELD, "segment '" + name + "': nothing was unlocked");
        }
        if (!yes) {
            return ExitCode.OK;
        }
        int exitCode = ExitCode.OK;
        for (UnlockDecision decision : decisions) {
            if (decision.verdict() == UnlockDecision.Verdict.UNLOCK) {
                exitCode = Math.max(exitCode, force(kind, size, decision));
            }
        }
        return exitCode;
    }

    /**
     * Forces one lock through the library (which repairs the segment), only if it still holds the
     * value checked (one compare-and-force: a holder that took the lock since is never forced
     * out), and says what happened.
     */
    int force(Kind kind, long size, UnlockDecision decision) {
        LockHolder checked = decision.state().holder();
        LockHolder replaced;
        LockHolder now;
        if (kind == Kind.STREAM) {
            try (SharedMemoryReadStream stream = new SharedMemoryReadStream(name, size, true)) {
                replaced = stream.forceUnlockIf(checked);
                now = stream.lockHolder();
            }
        } else {
            boolean producers = decision.lock().startsWith("producer");
            try (SharedMemoryQueue queue = QueueSession.open(name)) {
                replaced = producers ? queue.forceUnlockProducersIf(checked) : queue.forceUnlockConsumersIf(checked);
                now = producers ? queue.producerLockHolder() : queue.consumerLockHolder();
            } catch (LockTimeoutException e) {
                // The repair takes both locks, to see the whole header at rest; the other one stayed held.
                throw new LsmException(ExitCode.TIMEOUT, "segment '" + name + "', " + decision.lock() + ": forced open, "
                        + "but repairing the queue needs the " + (producers ? "consumer" : "producer") + " lock too, and "
                        + e.getMessage() + ". Nobody holds the " + decision.lock() + " now: the next operation takes it "
                        + "over and repairs the queue; run lsm unlock again once the other lock is free");
            }
        }
        if (!replaced.equals(checked)) {
            if (replaced.isFree()) {
                Terminal.OUT.println("segment '" + name + "', " + decision.lock() + ": already free (released "
                        + "meanwhile, e.g. by the repair of the other lock); now " + new LockState(now).describe());
                return ExitCode.OK;
            }
            // Another holder took the lock between the check and the unlock: it was left alone.
            Terminal.ERR.println("lsm: segment '" + name + "', " + decision.lock() + ": it was "
                    + decision.state().describe() + " when checked, but " + new LockState(replaced).describe()
                    + " when it was to be forced open: left locked, nothing changed; run lsm unlock again to check the new holder");
            return ExitCode.HELD;
        }
        Terminal.OUT.println("segment '" + name + "', " + decision.lock() + ": unlocked; now " + new LockState(now).describe());
        return ExitCode.OK;
    }
}
