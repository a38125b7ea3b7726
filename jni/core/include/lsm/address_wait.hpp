// Sleeping on a 32-bit word of a shared mapping until another process changes it and wakes
// the sleepers (not part of the wire format). Linux: futex without FUTEX_PRIVATE_FLAG, so the
// kernel keys the wait on the mapped object and a waker in another process finds it.
// Windows: WaitOnAddress is one process only; sleepers block on a named semaphore per waiter
// count instead (WakeChannel, wake_channel_windows.cpp). macOS 14.4+: os_sync_wait_on_address
// with its SHARED flag, checked at run time. Older macOS (and a build with an older SDK) has no
// primitive that works across processes: address_waits_supported() is false there and callers
// wait with the bounded backoff instead; wait_on_address then only sleeps and wake_address
// does nothing.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "lsm/hot_path.hpp"
#include "lsm/wake_channel.hpp"

namespace lsm {

// True when a WaiterCount's sleep ends when woken (Linux futex, Windows semaphores, macOS 14.4+).
bool address_waits_supported() noexcept;

// Sleeps while *word == expected, at most `timeout`. May return early (a signal, a wake meant
// for another condition on the same word): callers re-check their condition. False when it
// slept the whole timeout (nobody woke it), true when it returned before.
bool wait_on_address(const std::uint32_t* word, std::uint32_t expected, std::chrono::nanoseconds timeout) noexcept;

// Wakes every sleeper on `word`, in any process; how many were woken (0 where unsupported).
// (Windows: not used; its sleepers block on the WakeChannel.)
int wake_address(const std::uint32_t* word) noexcept;

// A count of threads sleeping on one word, kept in one byte of a shared mapping where the C++
// library never looks (stream header padding, the queue's wake block). Wakers load it after
// they changed the word and make a system call only when it is non-zero.
//
// No lost wake-up: the waiter increments (seq_cst), re-checks its condition, then sleeps with
// the word's value it saw; the waker changes the word (seq_cst), then loads the count. Either
// the waiter's re-check sees the change, or the waker sees the count and wakes it; and a
// change between the re-check and the sleep makes the futex return at once.
//
// A waiter that dies asleep leaves the count raised: every change then costs a wake call. The
// waker bounds that: a wake that finds nobody asleep clears the count it saw (compare-and-swap),
// so one wasted call per dead waiter. A live waiter that raced into that window loses its
// count for one slice only: every sleep is a bounded slice, after which it counts itself again.
//
// Windows (a semaphore per count, WakeChannel): the waiter creates the semaphore (its handle
// keeps it open while counted, so a waker that sees the count finds it), counts itself,
// re-checks, then waits on the semaphore; the waker changes the word, loads the count and
// releases that many units. A release that comes before the wait is kept by the semaphore, so
// the wait returns at once; surplus units (a waiter that counted itself but found its condition
// met) only cause one spurious wake-up each. A dead waiter's count is cleared, as above, by the
// first wake that finds nobody asleep: no semaphore (it died with its last handle), or units of
// an earlier release still unconsumed (a blocked waiter takes one at once). At most two wasted
// calls per dead waiter.
class WaiterCount {
public:
    WaiterCount(std::uint8_t* byte, const WakeChannel& channel) noexcept
        : byte_(byte)
#if defined(_WIN32)
          , channel_(&channel)
#endif
    {
        static_cast<void>(channel);
    }

    // The waker's side, inline: one load and a branch when nobody waits.
    LSM_HOT_INLINE void wake_if_waiting(const std::uint32_t* word) const noexcept {
        const std::uint8_t waiting = std::atomic_ref<std::uint8_t>(*byte_).load(std::memory_order_seq_cst);
        if (waiting != 0) [[unlikely]]
            wake(word, waiting);
    }

    // One slice of a wait: counts this thread, sleeps on `word` while it still holds `seen` and
    // `keep_sleeping()` says so (the condition re-checked after counting), at most `slice`.
    // True when it slept the whole slice (nobody woke it).
    template <typename KeepSleeping>
    bool sleep_while(const std::uint32_t* word, std::uint32_t seen, std::chrono::nanoseconds slice,
                     KeepSleeping&& keep_sleeping) const noexcept {
        prepare_sleep();
        const bool counted = count_in();
        bool slept_through = false;
        if (std::atomic_ref<std::uint32_t>(*const_cast<std::uint32_t*>(word)).load(std::memory_order_seq_cst) == seen &&
            keep_sleeping())
            slept_through = !sleep_on(word, seen, slice);
        if (counted) count_out();
        return slept_through;
    }

    // Wakes the sleepers (a handle's close ending its waits; others re-check and sleep again).
    // Linux: every sleeper on the word. Windows: as many as are counted (an uncounted one, past
    // a saturated count, ends with its slice).
    void wake_all(const std::uint32_t* word) const noexcept;

    std::uint8_t value() const noexcept { return std::atomic_ref<std::uint8_t>(*byte_).load(std::memory_order_acquire); }

private:
    void wake(const std::uint32_t* word, std::uint8_t seen) const noexcept;
    // Sleeps at most `slice` while *word == seen (Windows: until a release); false: slept it all.
    bool sleep_on(const std::uint32_t* word, std::uint32_t seen, std::chrono::nanoseconds slice) const noexcept;
#if defined(_WIN32)
    void prepare_sleep() const noexcept { channel_->prepare_sleep(); }
#else
    void prepare_sleep() const noexcept {}
#endif
    void clear_if(std::uint8_t seen) const noexcept;  // the count back to 0 if it still holds `seen`
    bool count_in() const noexcept;   // false when the count is saturated (255): sleep uncounted
    void count_out() const noexcept;  // never below 0 (a waker may have cleared it)

    std::uint8_t* byte_;
#if defined(_WIN32)
    const WakeChannel* channel_;
#endif
};

// How a sleep_until ended.
enum class WaitEnd { done, timed_out, closing, interrupted };

// The slices of a handle's waits. A peer that never wakes anyone (the C++ library) is noticed
// only when a slice ends: slices are `idle` long until such a peer shows itself (a change found
// after a slice that nobody ended early), then `unwoken` long. Shared by a handle's waits.
struct WaitSlices {
    std::chrono::nanoseconds idle;
    std::chrono::nanoseconds unwoken;
    std::atomic<bool>* unwoken_peer_seen;  // the handle's; null: always `idle`
};

// Sleeps in slices until `done()` or `timeout` (0: one look) or `closing` (a handle's CallGuard
// flag, may be null) is set, or `interrupted()` (a binding's test of its thread's interruption,
// may be null) says so. Each slice counts itself in `waiters` and sleeps on `word` while it holds
// `seen_now()`. `interrupted` is asked just before each sleep: a binding that wakes the word's
// sleepers after it set the flag (Java's Thread.interrupt()) ends the wait at once.
template <typename Done, typename Seen>
WaitEnd sleep_until(const WaiterCount& waiters, const std::uint32_t* word, std::chrono::nanoseconds timeout,
                    const WaitSlices& slices, const std::atomic<bool>* closing, bool (*interrupted)(), Done&& done,
                    Seen&& seen_now) {
    using clock = std::chrono::steady_clock;
    const clock::time_point start = clock::now();
    const auto is_closing = [closing] { return closing != nullptr && closing->load(std::memory_order_seq_cst); };
    bool slept_through = false;
    bool was_interrupted = false;
    bool woken = false;  // the last sleep ended before its slice did
    const auto keep_sleeping = [&] {
        if (done() || is_closing()) return false;
        // Asked only before a sleep that follows a wake (an interrupt's wake is one): the binding
        // looked at its thread before this call, and a slice that nobody ended calls nothing.
        was_interrupted = woken && interrupted != nullptr && interrupted();
        return !was_interrupted;
    };
    while (!done()) {
        if (is_closing()) return WaitEnd::closing;
        const std::chrono::nanoseconds left = timeout - (clock::now() - start);
        if (left.count() <= 0) return WaitEnd::timed_out;
        const bool unwoken = slices.unwoken_peer_seen != nullptr && slices.unwoken_peer_seen->load(std::memory_order_relaxed);
        const std::chrono::nanoseconds slice = unwoken && slices.unwoken < slices.idle ? slices.unwoken : slices.idle;
        slept_through = waiters.sleep_while(word, seen_now(), left < slice ? left : slice, keep_sleeping);
        if (was_interrupted) return WaitEnd::interrupted;
        woken = !slept_through;
    }
    if (slept_through && slices.unwoken_peer_seen != nullptr)  // the change came, nobody woke us
        slices.unwoken_peer_seen->store(true, std::memory_order_relaxed);
    return WaitEnd::done;
}

}  // namespace lsm
