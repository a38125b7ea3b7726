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
#include <chrono>
#include <cstdint>

#include "lsm/fast_tls.hpp"
#include "lsm/hot_path.hpp"

namespace lsm {

class CallGuard;

namespace detail {
// A thread's slot: the guard it is inside, if any. Leased on the thread's first call, handed
// back when it ends, never freed (close() may read any slot at any time). Every call stores
// into its thread's slot twice, so each slot has cache lines of its own: packed slots put the
// threads of one queue or stream (a producer and a consumer) on one line, which then moved
// between cores on every call. 128 bytes: two 64-byte lines (x86 fetches lines in pairs),
// one line on Apple's cores.
struct alignas(128) CallSlot {
    std::atomic<const CallGuard*> inside{nullptr};
    bool in_use = false;
};

LSM_FAST_TLS extern constinit thread_local CallSlot* current_call_slot;
extern const bool asymmetric_barrier;
// The ticket of an entry counted in CallGuard::nested_: a slot nobody leases.
extern CallSlot counted_call_slot;
}  // namespace detail

class CallGuard {
public:
    // What enter() returns and exit() takes: the slot entered through, or a counted entry.
    using Ticket = detail::CallSlot*;

    CallGuard() = default;
    CallGuard(const CallGuard&) = delete;
    CallGuard& operator=(const CallGuard&) = delete;

    // Enters; nullptr (nothing entered) when the guard is closed. Pass a non-null ticket to exit().
    LSM_HOT_INLINE Ticket enter() noexcept {
        detail::CallSlot* slot = detail::current_call_slot;
        if (slot != nullptr && detail::asymmetric_barrier && slot->inside.load(std::memory_order_relaxed) == nullptr) {
            slot->inside.store(this, std::memory_order_relaxed);
            std::atomic_signal_fence(std::memory_order_seq_cst);  // the store stays before the load
            if (!closed_.load(std::memory_order_relaxed)) return slot;
            slot->inside.store(nullptr, std::memory_order_release);
            return nullptr;
        }
        return enter_slowly();
    }

    LSM_HOT_INLINE void exit(Ticket ticket) noexcept {
        // Release: the call's accesses to the mapping happen before close() sees it left.
        if (ticket != counted_ticket())
            ticket->inside.store(nullptr, std::memory_order_release);
        else
            nested_.fetch_sub(1, std::memory_order_release);
    }

    // Marks the guard closed and waits until the calls inside have left, sleeping between
    // looks once they take longer than a few microseconds (a call waiting for a lock leaves
    // when it next sees the flag: within a millisecond). True for the one caller that closed
    // it, false when it was closed already. Never call it from inside. `nudge(context)`, if
    // given, runs while calls are inside, between looks: it wakes calls that sleep (address waits).
    bool close(void (*nudge)(void*) = nullptr, void* context = nullptr) noexcept;

    // As close(), but gives up once calls are still inside after `patience`: false then, and
    // the guard stays closed until reopen(). For a switch (GuardedHandle::replace) that must not
    // wait out a call's lock wait. Never call it from inside, nor on a closed guard.
    bool close_within(std::chrono::nanoseconds patience) noexcept;
    // Lets calls in again after close_within().
    void reopen() noexcept { closed_.store(false, std::memory_order_seq_cst); }

    bool is_closed() const noexcept { return closed_.load(std::memory_order_acquire); }
    // The flag itself, for waits inside a call that must end once it is set (LockWaitAbort).
    const std::atomic<bool>& closed_flag() const noexcept { return closed_; }

    // True when entering needs no fence on this machine (for tests and benchmarks to report).
    static bool asymmetric() noexcept;

private:
    Ticket enter_slowly() noexcept;  // first call of a thread, nested calls, no asymmetric barrier
    // Sets the flag and waits for the calls inside, until `deadline` (time_point::max(): no limit).
    bool close_and_drain(std::chrono::steady_clock::time_point deadline, void (*nudge)(void*), void* context) noexcept;
    static Ticket counted_ticket() noexcept { return &detail::counted_call_slot; }

    std::atomic<bool> closed_{false};
    // Calls of a thread that was already inside another guard: counted here instead.
    std::atomic<std::uint32_t> nested_{0};
};

// Leaves, on destruction, a guard entered with a non-null `ticket`: for callers that have
// already refused the call when enter() returned nullptr, so that leaving tests nothing.
class EnteredCall {
public:
    EnteredCall(CallGuard& guard, CallGuard::Ticket ticket) noexcept : guard_(guard), ticket_(ticket) {}
    ~EnteredCall() { guard_.exit(ticket_); }
    EnteredCall(const EnteredCall&) = delete;
    EnteredCall& operator=(const EnteredCall&) = delete;

private:
    CallGuard& guard_;
    CallGuard::Ticket ticket_;
};

// Enters on construction, leaves on destruction; entered() false when the guard was closed.
class CallScope {
public:
    explicit CallScope(CallGuard& guard) noexcept : guard_(guard), ticket_(guard.enter()) {}
    ~CallScope() {
        if (ticket_ != nullptr) guard_.exit(ticket_);
    }
    CallScope(const CallScope&) = delete;
    CallScope& operator=(const CallScope&) = delete;
    bool entered() const noexcept { return ticket_ != nullptr; }

private:
    CallGuard& guard_;
    CallGuard::Ticket ticket_;
};

}  // namespace lsm
