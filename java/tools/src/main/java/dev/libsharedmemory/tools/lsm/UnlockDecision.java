package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.LockHolder;

/**
 * What {@code lsm unlock} may do with one lock word, and why. Only a holder that cannot be
 * running is unlocked: one of this library's processes that no longer exists, or nobody (an
 * earlier forced unlock). A running holder would carry on without the lock (torn payloads,
 * lost messages), and a holder of unknown identity (a C++ libsharedmemory process stores 1)
 * cannot be checked, so it is unlocked only when the user vouches for it ({@code --force-unknown}).
 */
record UnlockDecision(String lock, LockState state, Verdict verdict) {
    enum Verdict {
        /** Free: nothing to do. */
        FREE,
        /** Its holder is gone (or was unlocked before): force it open. */
        UNLOCK,
        /** Its holder runs, or cannot be checked: leave it. */
        REFUSE
    }

    static UnlockDecision of(String lock, LockState state, boolean forceUnknown) {
        LockHolder holder = state.holder();
        Verdict verdict;
        if (holder.isFree()) {
            verdict = Verdict.FREE;
        } else if (holder.isUnknownProcess()) {
            verdict = forceUnknown ? Verdict.UNLOCK : Verdict.REFUSE;
        } else {
            verdict = state.holderAlive() ? Verdict.REFUSE : Verdict.UNLOCK;
        }
        return new UnlockDecision(lock, state, verdict);
    }

    /** One line: the lock, its holder, and what happens to it ({@code unlockText} for a lock to unlock). */
    String describe(String unlockText) {
        String what = switch (verdict) {
            case FREE -> "nothing to do";
            case UNLOCK -> unlockText;
            case REFUSE -> state.holder().isUnknownProcess()
                    ? "refused: lsm cannot tell whether that process still runs; if you know it is dead, add --force-unknown"
                    : "refused: that process is running, and would carry on without the lock";
        };
        return lock + ": " + state.describe() + "; " + what;
    }
}
