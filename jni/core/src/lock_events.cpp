#include "lsm/lock_events.hpp"

#include <atomic>
#include <chrono>
#include <deque>
#include <mutex>

namespace lsm {
namespace {

std::mutex log_mutex;
std::deque<TakeOver> log_entries;        // guarded by log_mutex
std::atomic<bool> log_pending{false};    // lets a drain with nothing to report skip the mutex

}  // namespace

void note_take_over(const std::string& segment, const char* lock, std::uint32_t holder) noexcept {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    try {
        TakeOver entry{segment, lock, holder, std::chrono::duration_cast<std::chrono::milliseconds>(now).count()};
        std::lock_guard<std::mutex> guard(log_mutex);
        if (log_entries.size() == take_over_log_capacity) log_entries.pop_front();
        log_entries.push_back(std::move(entry));
        log_pending.store(true, std::memory_order_release);
    } catch (...) {
        // Out of memory: the take-over itself stands; only its report is lost.
    }
}

std::vector<TakeOver> drain_take_overs() {
    if (!log_pending.load(std::memory_order_acquire)) return {};
    std::lock_guard<std::mutex> guard(log_mutex);
    std::vector<TakeOver> drained(std::make_move_iterator(log_entries.begin()), std::make_move_iterator(log_entries.end()));
    log_entries.clear();
    log_pending.store(false, std::memory_order_relaxed);
    return drained;
}

}  // namespace lsm

namespace lsm {
namespace {
thread_local LockTimeoutDetail last_timeout;
}  // namespace

void note_lock_timeout(LockTimeoutDetail detail) noexcept {
    last_timeout = std::move(detail);  // moves: no allocation
}

const LockTimeoutDetail* lock_timeout_detail(const std::string& message) noexcept {
    return !last_timeout.message.empty() && last_timeout.message == message ? &last_timeout : nullptr;
}

}  // namespace lsm
