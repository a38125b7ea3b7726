// What lock waits tell a binding besides their result, for its diagnostics (Java: the JFR events
// dev.libsharedmemory.HolderTakenOver and LockTimeout). Written on the cold paths of a wait only
// (a take-over, a timeout): the uncontended lock never touches any of this.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lsm {

// ---- take-overs: a process-wide log ----
// A take-over happens inside a lock wait, which may be a call that must not call back into its
// binding (a JDK critical downcall), so it is noted here and drained by the binding at its own
// slow points.

struct TakeOver {
    std::string segment;
    std::string lock;           // "stream lock", "queue producer lock", ...
    std::uint32_t holder;       // the dead holder's lock word (abandoned_lock_value after a forced unlock)
    std::int64_t epoch_millis;  // when it was taken over (system clock)
};

// The most recent take-overs kept; older ones are dropped when a binding does not drain.
inline constexpr std::size_t take_over_log_capacity = 64;

// Notes a take-over; never throws (a full log drops its oldest entry; out of memory, this one).
void note_take_over(const std::string& segment, const char* lock, std::uint32_t holder) noexcept;

// The take-overs noted since the last drain, oldest first; empty (without locking) when none.
std::vector<TakeOver> drain_take_overs();

// ---- lock timeouts: the last one of each thread ----
// The timeout's Error carries only a message; a binding that wants the parts (to report them
// apart) finds them here, on the thread that caught the Error, and matches the message.

struct LockTimeoutDetail {
    std::string message;  // the what() of the Error(timeout) thrown with it
    std::string segment;
    std::string lock;
    std::uint32_t holder = 0;  // the lock word when the wait gave up
    std::int64_t waited_nanos = 0;
};

// Notes the details of a timeout about to be thrown; never throws.
void note_lock_timeout(LockTimeoutDetail detail) noexcept;

// The details of this thread's last timeout whose message is `message`, or nullptr.
const LockTimeoutDetail* lock_timeout_detail(const std::string& message) noexcept;

}  // namespace lsm
