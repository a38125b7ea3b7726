#include "lsm/address_wait.hpp"

#include <cerrno>
#include <climits>
#include <thread>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#elif defined(__APPLE__) && defined(__has_include)
#if __has_include(<os/os_sync_wait_on_address.h>)  // an SDK for macOS 14.4 or later
#include <os/os_sync_wait_on_address.h>
#define LSM_OS_SYNC_WAITS 1
#endif
#endif

namespace lsm {

#if !defined(__linux__)
namespace {
// Where nothing wakes a sleeper: one sleep of the whole slice, unless the word changed already.
bool sleep_unwoken(const std::uint32_t* word, std::uint32_t expected, std::chrono::nanoseconds timeout) noexcept {
    if (timeout.count() <= 0) return false;
    if (std::atomic_ref<std::uint32_t>(*const_cast<std::uint32_t*>(word)).load() != expected) return true;
    std::this_thread::sleep_for(timeout);
    return false;
}
}  // namespace
#endif

#if defined(__linux__)

bool address_waits_supported() noexcept { return true; }

bool wait_on_address(const std::uint32_t* word, std::uint32_t expected, std::chrono::nanoseconds timeout) noexcept {
    if (timeout.count() <= 0) return false;
    timespec relative{};
    relative.tv_sec = static_cast<time_t>(timeout.count() / 1'000'000'000);
    relative.tv_nsec = static_cast<long>(timeout.count() % 1'000'000'000);
    // Shared (no FUTEX_PRIVATE_FLAG): the waker is in another process. EAGAIN (the word
    // changed), EINTR and ETIMEDOUT all mean "re-check".
    return syscall(SYS_futex, word, FUTEX_WAIT, expected, &relative, nullptr, 0) == 0 || errno != ETIMEDOUT;
}

int wake_address(const std::uint32_t* word) noexcept {
    const long woken = syscall(SYS_futex, word, FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
    return woken > 0 ? static_cast<int>(woken) : 0;
}

#elif defined(LSM_OS_SYNC_WAITS)

// macOS 14.4+: os_sync_wait_on_address with its SHARED flag is keyed on the mapped object, as a
// futex without FUTEX_PRIVATE_FLAG is, so a waker in another process finds the sleeper. Checked
// at run time (the library also runs on older versions, which sleep their slices unwoken).
bool address_waits_supported() noexcept {
    if (__builtin_available(macOS 14.4, *)) return true;
    return false;
}

bool wait_on_address(const std::uint32_t* word, std::uint32_t expected, std::chrono::nanoseconds timeout) noexcept {
    if (__builtin_available(macOS 14.4, *)) {
        if (timeout.count() <= 0) return false;
        // ETIMEDOUT: slept it all; a wake, a changed word (success) or EINTR: re-check.
        return os_sync_wait_on_address_with_timeout(const_cast<std::uint32_t*>(word), expected, sizeof *word,
                                                    OS_SYNC_WAIT_ON_ADDRESS_SHARED, OS_CLOCK_MACH_ABSOLUTE_TIME,
                                                    static_cast<std::uint64_t>(timeout.count())) >= 0 ||
               errno != ETIMEDOUT;
    }
    return sleep_unwoken(word, expected, timeout);
}

int wake_address(const std::uint32_t* word) noexcept {
    if (__builtin_available(macOS 14.4, *)) {
        // 0 when it woke someone; -1 with ENOENT when nobody slept on the word.
        return os_sync_wake_by_address_all(const_cast<std::uint32_t*>(word), sizeof *word,
                                           OS_SYNC_WAKE_BY_ADDRESS_SHARED) == 0 ? 1 : 0;
    }
    return 0;
}

#else

#if !defined(_WIN32)  // Windows: wake_channel_windows.cpp
bool address_waits_supported() noexcept { return false; }
#endif

bool wait_on_address(const std::uint32_t* word, std::uint32_t expected, std::chrono::nanoseconds timeout) noexcept {
    return sleep_unwoken(word, expected, timeout);
}

int wake_address(const std::uint32_t*) noexcept { return 0; }

#endif

#if !defined(_WIN32)  // Windows: the waits on the WakeChannel, wake_channel_windows.cpp

void WaiterCount::wake(const std::uint32_t* word, std::uint8_t seen) const noexcept {
    // Nobody was asleep: the count belongs to waiters that died (or are about to re-check).
    if (wake_address(word) == 0 && address_waits_supported()) clear_if(seen);
}

bool WaiterCount::sleep_on(const std::uint32_t* word, std::uint32_t seen, std::chrono::nanoseconds slice) const noexcept {
    return wait_on_address(word, seen, slice);
}

void WaiterCount::wake_all(const std::uint32_t* word) const noexcept { wake_address(word); }

#endif

void WaiterCount::clear_if(std::uint8_t seen) const noexcept {
    std::uint8_t expected = seen;
    std::atomic_ref<std::uint8_t>(*byte_).compare_exchange_strong(expected, 0, std::memory_order_seq_cst);
}

bool WaiterCount::count_in() const noexcept {
    std::atomic_ref<std::uint8_t> count(*byte_);
    std::uint8_t now = count.load(std::memory_order_relaxed);
    do {
        if (now == UINT8_MAX) return false;
    } while (!count.compare_exchange_weak(now, static_cast<std::uint8_t>(now + 1), std::memory_order_seq_cst));
    return true;
}

void WaiterCount::count_out() const noexcept {
    std::atomic_ref<std::uint8_t> count(*byte_);
    std::uint8_t now = count.load(std::memory_order_relaxed);
    while (now != 0 && !count.compare_exchange_weak(now, static_cast<std::uint8_t>(now - 1), std::memory_order_seq_cst)) {
    }
}

}  // namespace lsm
