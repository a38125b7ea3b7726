package dev.libsharedmemory.tools.lsm;

import java.util.Map;

/**
 * A lock word (WIRE.md): 0 free, anything else held. Our processes store 0x80000000 | pid,
 * upstream C++ processes store 1, so the holder is known only for our tokens.
 */
record LockWord(long value) {
    private static final long TOKEN_BIT = 0x8000_0000L;

    boolean isFree() {
        return value == 0;
    }

    /** The holder's process id, or -1 when the value carries none. */
    long holderPid() {
        return (value & TOKEN_BIT) != 0 ? value & ~TOKEN_BIT : -1;
    }

    /** "free", "held by process 42 (alive)", ... */
    String describe() {
        if (isFree()) {
            return "free";
        }
        long pid = holderPid();
        if (pid > 0) {
            return "held by process " + pid + (holderAlive() ? " (alive)" : " (not running: stale, recovered by the next locker)");
        }
        return "held (value " + value + ", holder unknown: an upstream C++ process, or stale)";
    }

    private boolean holderAlive() {
        return ProcessHandle.of(holderPid()).map(ProcessHandle::isAlive).orElse(false);
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = Json.object();
        json.put("value", value);
        json.put("held", !isFree());
        long pid = holderPid();
        json.put("holderPid", pid > 0 ? pid : null);
        json.put("holderAlive", pid > 0 ? holderAlive() : null);
        json.put("description", describe());
        return json;
    }
}
