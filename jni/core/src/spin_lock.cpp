#include "lsm/spin_lock.hpp"

#include <algorithm>
#include <thread>

#include "lsm/error.hpp"
#include "lsm/fast_tls.hpp"
#include "lsm/lock_events.hpp"

#if defined(_WIN32)
#include <windows.h>
#else
#include <csignal>
#include <cerrno>
#include <unistd.h>
#endif

namespace lsm {

constinit std::atomic<std::uint32_t> detail::own_lock_token_cache{0};

// Computed on the first lock (never 0: the token bit is set). Racing threads store the same value.
std::uint32_t detail::compute_own_lock_token() noexcept {
#if defined(_WIN32)
    const std::uint32_t token = lock_token_bit | (static_cast<std::uint32_t>(GetCurrentProcessId()) & ~lock_token_bit);
#else
    const std::uint32_t token = lock_token_bit | (static_cast<std::uint32_t>(::getpid()) & ~lock_token_bit);
#endif
    own_lock_token_cache.store(token, std::memory_order_relaxed);
    return token;
}

bool lock_holder_is_dead(std::uint32_t value) noexcept {
    if ((value & lock_token_bit) == 0) return false;  // free, or upstream's anonymous 1
    if (value == abandoned_lock_value) return true;    // force_unlock()ed: nobody holds it
    const std::uint32_t pid = value & ~lock_token_bit;
#if defined(_WIN32)
    HANDLE process = OpenProcess(SYNCHRONIZE, FALSE, pid);
    if (process == nullptr) return GetLastError() == ERROR_INVALID_PARAMETER;
    const bool exited = WaitForSingleObject(process, 0) == WAIT_OBJECT_0;
    CloseHandle(process);
    return exited;
#else
    return ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
#endif
}

std::string describe_lock_holder(std::uint32_t value) {
    if (value == lock_free_value) return "free";
    if (value == abandoned_lock_value) return "nobody (unlocked by force, not yet taken over)";
    if ((value & lock_token_bit) != 0) return "process " + std::to_string(value & ~lock_token_bit);
    return "a process of unknown identity (value " + std::to_string(value) + ")";
}

namespace {
// How often a wait asks LockWaitAbort::interrupted: longer than any capped wait (LockWaitCap).
constexpr std::chrono::nanoseconds interrupt_check_interval = std::chrono::milliseconds(1);
}  // namespace

LSM_FAST_TLS constinit thread_local std::chrono::nanoseconds detail::lock_wait_cap = std::chrono::nanoseconds::max();

std::uint32_t SpinLock::wait(std::uint32_t* word, const char* what, const std::string* segment,
                             const LockWaitAbort* abort, std::chrono::nanoseconds timeout) {
    return SpinLock(word, what, segment, abort).wait_here(timeout);
}

std::uint32_t SpinLock::wait_here(std::chrono::nanoseconds timeout) {
    timeout = std::min(timeout, LockWaitCap::current());
    std::atomic_ref<std::uint32_t> word(*word_);
    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    auto next_liveness_check = start;
    std::chrono::nanoseconds next_abort_check = interrupt_check_interval;
    auto pause = std::chrono::microseconds(20);
    for (unsigned round = 0;; ++round) {
        // Test before test-and-set: spinning on a load keeps the cache line shared.
        if (word.load(std::memory_order_relaxed) == lock_free_value && try_lock()) return lock_free_value;
        if (round < 256) {
            cpu_relax();
            continue;
        }
        const auto now = clock::now();
        if (now >= next_liveness_check) {
            std::uint32_t holder = word.load(std::memory_order_relaxed);
            if (lock_holder_is_dead(holder) &&
                word.compare_exchange_strong(holder, own_lock_token(), std::memory_order_acquire,
                                             std::memory_order_relaxed)) {
                note_take_over(*segment_, what_, holder);  // for the binding's report (JFR)
                return holder;  // a dead holder's token: never lock_free_value
            }
            next_liveness_check = now + std::chrono::milliseconds(10);
        }
        const auto waited = now - start;
        if (waited >= timeout) fail(ErrorCode::timeout, "gave up", waited);
        if (abort_ != nullptr) check_abort(waited, next_abort_check);  // after the timeout: see LockWaitAbort
        if (round < 1024) {
            std::this_thread::yield();
        } else {
            std::this_thread::sleep_for(pause);
            if (pause < std::chrono::milliseconds(1)) pause *= 2;
        }
    }
}

void SpinLock::check_abort(std::chrono::nanoseconds waited, std::chrono::nanoseconds& next_check) const {
    if (abort_->closing != nullptr && abort_->closing->load(std::memory_order_relaxed))
        fail(ErrorCode::closed, "the handle was closed while waiting; gave up", waited);
    if (abort_->interrupted == nullptr || waited < next_check) return;
    next_check = waited + interrupt_check_interval;
    if (abort_->interrupted()) fail(ErrorCode::interrupted, "the waiting thread was interrupted", waited);
}

void SpinLock::fail(ErrorCode code, const std::string& why, std::chrono::nanoseconds waited) const {
    const std::uint32_t holder = std::atomic_ref<std::uint32_t>(*word_).load(std::memory_order_relaxed);
    std::string message = std::string(what_) + " of segment '" + *segment_ + "' is held by " +
                          describe_lock_holder(holder) + "; " + why + " after " +
                          std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(waited).count()) + " ms";
    if (code == ErrorCode::timeout) note_lock_timeout({message, *segment_, what_, holder, waited.count()});
    throw Error(code, message);
}

}  // namespace lsm
