package dev.libsharedmemory.tools.lsm;

import dev.libsharedmemory.LockHolder;
import java.util.Map;

/**
 * A lock word as lsm shows it: the library's {@link LockHolder} decoding, plus whether a
 * holder that names its process is still running (which only lsm asks: the library decides
 * that natively when it waits for the lock).
 */
record LockState(LockHolder holder) {
    static LockState of(long lockWord) {
        return new LockState(new LockHolder((int) lockWord));
    }

    /** The unsigned lock word. */
    long value() {
        return Integer.toUnsignedLong(holder.rawValue());
    }

    /** True when the holder names a process of this library that is running. */
    boolean holderAlive() {
        return holder.processId().stream()
                .anyMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false));
    }

    /** "free", "held by process 42 (alive)", "nobody (unlocked by force, not yet taken over)", ... */
    String describe() {
        if (holder.isFree() || holder.isAbandoned()) {
            return holder.toString();
        }
        if (holder.isUnknownProcess()) {
            return "held by " + holder + ", such as a C++ libsharedmemory process (alive or not: it does not say)";
        }
        return "held by " + holder + (holderAlive() ? " (alive)" : " (not running: the next locker takes it over)");
    }

    Map<String, Object> toJson() {
        Map<String, Object> json = Json.object();
        json.put("value", value());
        json.put("held", !holder.isFree());
        json.put("abandoned", holder.isAbandoned());
        Long pid = holder.processId().isPresent() ? holder.processId().getAsLong() : null;
        json.put("holderPid", pid);
        json.put("holderAlive", pid != null ? holderAlive() : null);
        json.put("description", describe());
        return json;
    }
}
