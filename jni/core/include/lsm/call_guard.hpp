// Close during use, made safe for the handles of the C ABI and the bindings (not part of the
// wire format): every call on a handle runs inside its CallGuard, and close() waits until no
// call is inside before the caller unmaps anything. A call that starts after close is refused.
//
// The fast path costs no atomic read-modify-write and, where the OS offers an asymmetric
// barrier, no fence either: each thread owns a slot; entering stores the guard into the slot
// and then reads the closed flag, leaving stores null. close() sets the flag, runs the
// process-wide barrier (Linux membarrier, Windows FlushProcessWriteBuffers), which orders
// every other thread's earlier slot store before its later flag load, then waits until no
// slot names the guard. So either the caller sees the flag (and backs out) or close() sees the
// caller (and waits): Dekker's argument with the heavy fence moved to the rare side. Without
// such a barrier (macOS, old kernels, sanitizer builds) both sides use sequentially
// consistent accesses instead.
#pragma once

#include <atomic>
#include <cstdint>

namespace lsm {

class CallGuard {
public:
    CallGuard() = default;
    CallGuard(const CallGuard&) = delete;
    CallGuard& operator=(const CallGuard&) = delete;

    // Enters; false (nothing entered) when the guard is closed. Pair a true with exit().
    bool try_enter() noexcept;
    void exit() noexcept;

    // Marks the guard closed and waits until the calls inside have left. True for the one
    // caller that closed it, false when it was closed already. Never call it from inside.
    bool close() noexcept;

    bool is_closed() const noexcept { return closed_.load(std::memory_order_acquire); }

    // True when entering needs no fence on this machine (for tests and benchmarks to report).
    static bool asymmetric() noexcept;

private:
    std::atomic<bool> closed_{false};
    // Calls of a thread that was already inside another guard: counted here instead.
    std::atomic<std::uint32_t> nested_{0};
};

// Enters on construction, leaves on destruction; entered() false when the guard was closed.
class CallScope {
public:
    explicit CallScope(CallGuard& guard) noexcept : guard_(guard), entered_(guard.try_enter()) {}
    ~CallScope() {
        if (entered_) guard_.exit();
    }
    CallScope(const CallScope&) = delete;
    CallScope& operator=(const CallScope&) = delete;
    bool entered() const noexcept { return entered_; }

private:
    CallGuard& guard_;
    bool entered_;
};

}  // namespace lsm
