#include "lsm/address_wait.hpp"

#include <cerrno>
#include <climits>
#include <thread>

#if defined(__linux__)
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#endif

namespace lsm {

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

#else

#if !defined(_WIN32)  // Windows: wake_channel_windows.cpp
bool address_waits_supported() noexcept { return false; }
#endif

bool wait_on_address(const std::uint32_t* word, std::uint32_t expected, std::chrono::nanoseconds timeout) noexcept {
    if (timeout.count() <= 0) return false;
    if (std::atomic_ref<std::uint32_t>(*const_cast<std::uint32_t*>(word)).load() != expected) return true;
    std::this_thread::sleep_for(timeout);
    return false;
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
