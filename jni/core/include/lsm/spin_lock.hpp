// The lock words of WIRE.md: a 32-bit word in shared memory, 0 = free, anything else = held.
//
// Upstream processes take it by CAS 0 -> 1 and release it by storing 0. We store a
// holder token instead of 1 — the high bit set plus our process id — so that a lock left
// behind by one of our processes that died can be recognised and recovered. A held value
// without the high bit (upstream's 1) has no known owner: it can only time out, or be
// released by force_unlock().
//
// force_unlock() does not store 0: it stores abandoned_lock_value, a token whose "process"
// never exists. The next of our processes that wants the lock takes it over exactly as from a
// dead holder, so the owner of the lock word (stream, queue) gets the chance to repair what
// the forced-out holder may have left half-done before anybody uses it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>

#include "lsm/error.hpp"
#include "lsm/fast_tls.hpp"
#include "lsm/hot_path.hpp"

namespace lsm {

inline constexpr std::uint32_t lock_free_value = 0;
inline constexpr std::uint32_t lock_token_bit = 0x8000'0000u;
// The token bit with process id 0: no process holds it, it only waits to be taken over.
inline constexpr std::uint32_t abandoned_lock_value = lock_token_bit;

namespace detail {
// This process's token once computed (0 before the first lock): read inline by every lock.
extern constinit std::atomic<std::uint32_t> own_lock_token_cache;
std::uint32_t compute_own_lock_token() noexcept;
}  // namespace detail

// The token this process stores in a lock word it holds.
inline std::uint32_t own_lock_token() noexcept {
    const std::uint32_t token = detail::own_lock_token_cache.load(std::memory_order_relaxed);
    return token != 0 ? token : detail::compute_own_lock_token();
}

// True when `value` is one of our tokens whose process no longer exists, or
// abandoned_lock_value. Process ids are per PID namespace: peers in different namespaces
// must not share locked segments.
bool lock_holder_is_dead(std::uint32_t value) noexcept;

// A readable description of a lock value: "free", "process 1234", "a process of unknown
// identity (value 1)".
std::string describe_lock_holder(std::uint32_t value);

// A CPU hint for spin loops (PAUSE on x86, YIELD on ARM): cheaper for the sibling
// hyper-thread and the memory system than a bare loop.
inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(_M_X64) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
    asm volatile("yield" ::: "memory");
#endif
}

// Caps how long SpinLock::lock waits on this thread while it lives, whatever timeout it was
// given: for callers that must not block (a JDK critical downcall holds off the JVM's
// safepoints until it returns). The uncontended path never reads it.
namespace detail {
// The cap in force on this thread (nanoseconds::max() when none); set and read inline, as the
// try calls set it on every call.
LSM_FAST_TLS extern constinit thread_local std::chrono::nanoseconds lock_wait_cap;
}  // namespace detail

class LockWaitCap {
public:
    explicit LockWaitCap(std::chrono::nanoseconds cap) noexcept : previous_(detail::lock_wait_cap) {
        if (cap < previous_) detail::lock_wait_cap = cap;
    }
    ~LockWaitCap() { detail::lock_wait_cap = previous_; }
    LockWaitCap(const LockWaitCap&) = delete;
    LockWaitCap& operator=(const LockWaitCap&) = delete;

    // The cap in force on this thread (nanoseconds::max() when none).
    static std::chrono::nanoseconds current() noexcept { return detail::lock_wait_cap; }

private:
    std::chrono::nanoseconds previous_;
};

// What ends a lock wait before its timeout, besides getting the lock. Looked at only once the
// wait has stopped spinning: the uncontended path never reads it.
struct LockWaitAbort {
    // The handle's closed flag (its CallGuard's): once set, the wait ends with Error(closed), so
    // that close() need not wait out the lock timeout for the calls in flight.
    const std::atomic<bool>* closing = nullptr;
    // A binding's test of its thread's interruption (Java's Thread.isInterrupted): true ends the
    // wait with Error(interrupted). Asked every millisecond of waiting, so never by a wait capped
    // below that (LockWaitCap: the try calls' ~50 us): a JDK critical downcall never calls it.
    bool (*interrupted)() = nullptr;
};

class SpinLock {
public:
    // `word` must be 4-byte aligned inside a mapping; `what` names the lock in errors
    // ("stream lock", "queue producer lock") and `segment` the segment; `abort`, if given,
    // can end waits early and must outlive the lock.
    SpinLock(std::uint32_t* word, const char* what, const std::string* segment,
             const LockWaitAbort* abort = nullptr) noexcept
        : word_(word), what_(what), segment_(segment), abort_(abort) {}

    // Takes the lock (acquire ordering): CAS free -> own token; spins with cpu_relax,
    // then yields, then sleeps with growing pauses. Recovers a lock whose holder is one
    // of our dead processes. Throws Error(timeout) after `timeout`, Error(closed) or
    // Error(interrupted) when `abort` says so. The uncontended path is this inline CAS; the
    // wait is out of line (measured: the out-of-line lock() with its frame was 29 of the 210
    // instructions of a 10-byte C ABI stream write).
    LSM_HOT_INLINE void lock(std::chrono::nanoseconds timeout) {
        recovered_ = false;
        if (try_lock()) [[likely]]
            return;
        recovered_from_ = wait(word_, what_, segment_, abort_, timeout);
        recovered_ = recovered_from_ != lock_free_value;
    }

    // One attempt, no waiting.
    LSM_HOT_INLINE bool try_lock() noexcept {
        std::uint32_t expected = lock_free_value;
        return std::atomic_ref<std::uint32_t>(*word_).compare_exchange_strong(
            expected, own_lock_token(), std::memory_order_acquire, std::memory_order_relaxed);
    }

    // Releases (store 0, release ordering). On ARM this pairing is what publishes the
    // holder's stores: the next holder's acquire CAS sees everything written before this
    // store. x86 (TSO), and qemu-user running aarch64 code on x86, would hide a missing
    // acquire or release, so the orderings here are reasoned about, not tested into shape.
    void unlock() noexcept { std::atomic_ref<std::uint32_t>(*word_).store(lock_free_value, std::memory_order_release); }

    // Takes the lock away from whatever holds it, dead or alive, and leaves it abandoned
    // (abandoned_lock_value): the next lock() takes it over and reports recovered(). Only for
    // a holder known to be dead — a live holder would go on as if it still held the lock.
    // Returns the value it replaced (0: it was free, and stays free).
    std::uint32_t force_unlock() noexcept {
        std::atomic_ref<std::uint32_t> word(*word_);
        std::uint32_t held = word.load(std::memory_order_relaxed);
        while (held != lock_free_value &&
               !word.compare_exchange_weak(held, abandoned_lock_value, std::memory_order_acq_rel,
                                           std::memory_order_relaxed)) {
        }
        return held;
    }

    // As force_unlock(), but only while the word still holds `expected` (one CAS, so a holder
    // that took the lock after the caller checked `expected` is never forced out). Returns the
    // value it found: `expected` when forced (0: free, nothing to do), another when the word
    // changed since (then nothing was done).
    std::uint32_t force_unlock_if(std::uint32_t expected) noexcept {
        std::atomic_ref<std::uint32_t> word(*word_);
        if (expected == lock_free_value) return word.load(std::memory_order_relaxed);
        std::uint32_t held = expected;
        word.compare_exchange_strong(held, abandoned_lock_value, std::memory_order_acq_rel, std::memory_order_relaxed);
        return held;
    }

    // Gives a lock taken over from a dead holder back to that holder's token, so it stays
    // abandoned and the next taker recovers it again (used to back out of a repair that
    // could not finish).
    void abandon() noexcept {
        std::atomic_ref<std::uint32_t>(*word_).store(recovered_ ? recovered_from_ : abandoned_lock_value,
                                                     std::memory_order_release);
    }

    std::uint32_t holder() const noexcept {
        return std::atomic_ref<std::uint32_t>(*word_).load(std::memory_order_relaxed);
    }

    // True when the last lock() took the lock over from a dead holder: whatever that
    // holder protected may be half-written.
    bool recovered() const noexcept { return recovered_; }
    // The dead holder's token when recovered().
    std::uint32_t recovered_from() const noexcept { return recovered_from_; }

private:
    // lock() after its first CAS failed: spins, yields, sleeps, recovers, times out. Returns
    // the dead holder's token when it took the lock over, else lock_free_value. Static, the
    // fields in registers: the caller's lock object never escapes, so the uncontended path
    // need not store them to the stack for a call it does not make.
    static std::uint32_t wait(std::uint32_t* word, const char* what, const std::string* segment,
                              const LockWaitAbort* abort, std::chrono::nanoseconds timeout);
    std::uint32_t wait_here(std::chrono::nanoseconds timeout);
    // Throws when `abort_` ends the wait; `waited` so far, interrupt checks due at `next_check`.
    void check_abort(std::chrono::nanoseconds waited, std::chrono::nanoseconds& next_check) const;
    [[noreturn]] void fail(ErrorCode code, const std::string& why, std::chrono::nanoseconds waited) const;

    std::uint32_t* word_;
    const char* what_;
    const std::string* segment_;
    const LockWaitAbort* abort_;
    bool recovered_ = false;
    std::uint32_t recovered_from_ = lock_free_value;
};

// Holds a SpinLock for a scope. Takes it by value, made where it is passed
// (`LockGuard held(stream_lock(), timeout)`), not a reference, so that with no lock object's
// address taken the steps keep its fields in registers, also across the paths that throw under
// it. A named lock passed is copied (its recovered() is not updated); in the hot paths that copy
// made the compiler build the lock on the stack and copy it with wide loads of narrower stores,
// a store-forwarding stall on every JNI stream read.
class LockGuard {
public:
    LSM_HOT_INLINE LockGuard(SpinLock lock, std::chrono::nanoseconds timeout) : lock_(lock) { lock_.lock(timeout); }
    ~LockGuard() { lock_.unlock(); }
    LockGuard(const LockGuard&) = delete;
    LockGuard& operator=(const LockGuard&) = delete;

private:
    SpinLock lock_;
};

}  // namespace lsm
