// Windows sleeps of a WaiterCount: a named semaphore per waiter count (wake_channel.hpp says why
// a semaphore and how it is named; address_wait.hpp gives the no-lost-wake-up argument).
#if defined(_WIN32)

#include <windows.h>

#include <climits>
#include <cstdio>

#include "lsm/address_wait.hpp"
#include "lsm/names.hpp"
#include "lsm/segment.hpp"
#include "lsm/wake_channel.hpp"

namespace lsm {
namespace {

// The slice in whole milliseconds, rounded up (a wait of 0 ms would spin through the last
// microseconds of a timeout) and below INFINITE.
DWORD slice_ms(std::chrono::nanoseconds slice) {
    const auto ms = std::chrono::ceil<std::chrono::milliseconds>(slice).count();
    if (ms <= 0) return 0;
    return ms >= static_cast<long long>(INFINITE) ? INFINITE - 1 : static_cast<DWORD>(ms);
}

// What a semaphore's name says after its purpose: which object its sleepers wait on. A named
// mapping by its name (one object per name while any handle holds it). A persistent segment by
// the identity of the file it mapped, not by its path: a re-created segment is a new file under
// the old path, and a stale handle still sleeping on the old file must not share (and take) the
// new file's wake-ups. Every process that maps one file reads the same identity. Should Windows
// not tell it (all 0), by the file's name, as every mapper of that path spells it.
std::string wake_object(const Segment& segment) {
    if (!segment.persistent()) return "-m:" + segment.name();
    if (segment.volume_serial() == 0 && segment.file_id_high() == 0 && segment.file_id_low() == 0)
        return "-f:lsm_" + windows_file_safe_name(segment.name()) + ".shm";
    char identity[64];
    std::snprintf(identity, sizeof identity, "-f:%016llx-%016llx%016llx",
                  static_cast<unsigned long long>(segment.volume_serial()),
                  static_cast<unsigned long long>(segment.file_id_high()),
                  static_cast<unsigned long long>(segment.file_id_low()));
    return identity;
}

}  // namespace

bool address_waits_supported() noexcept { return true; }

WakeChannel::WakeChannel(const Segment& segment, const char* purpose)
    : name_(std::string("lsm-wake-") + purpose + wake_object(segment)) {}

WakeChannel::~WakeChannel() {
    if (void* handle = handle_.load(std::memory_order_relaxed)) CloseHandle(handle);
}

void* WakeChannel::created_or_opened(bool create) const noexcept {
    // Full access either way: a waker's cached handle may later serve a waiter of the same handle.
    HANDLE handle = create ? CreateSemaphoreA(nullptr, 0, LONG_MAX, name_.c_str())
                           : OpenSemaphoreA(SEMAPHORE_ALL_ACCESS, FALSE, name_.c_str());
    if (handle == nullptr) return nullptr;
    void* cached = nullptr;
    if (handle_.compare_exchange_strong(cached, handle, std::memory_order_acq_rel)) return handle;
    CloseHandle(handle);  // another thread of this handle was first
    return cached;
}

void WakeChannel::make_private() noexcept {
    static std::atomic<unsigned long> handles{0};
    if (private_ || handle_.load(std::memory_order_acquire) != nullptr) return;
    try {
        name_ += "-p" + std::to_string(GetCurrentProcessId()) + "-" + std::to_string(handles.fetch_add(1));
        private_ = true;
    } catch (...) {  // out of memory: the shared name, whose releases another handle may take
    }
}

void WakeChannel::prepare_sleep() const noexcept {
    if (handle_.load(std::memory_order_acquire) == nullptr) created_or_opened(true);
}

bool WakeChannel::sleep(std::chrono::nanoseconds slice) const noexcept {
    const DWORD ms = slice_ms(slice);
    HANDLE handle = handle_.load(std::memory_order_acquire);
    if (handle == nullptr) {  // no semaphore (its name refused): a plain sleep of the slice
        Sleep(ms);
        return false;
    }
    return WaitForSingleObject(handle, ms) == WAIT_OBJECT_0;
}

WakeChannel::Release WakeChannel::release(std::uint8_t sleepers) const noexcept {
    void* handle = handle_.load(std::memory_order_acquire);
    if (handle == nullptr) handle = created_or_opened(false);
    if (handle == nullptr) return Release::nobody_asleep;
    LONG previous = 0;
    // Fails only at the semaphore's maximum: units pile up, nobody takes them.
    if (!ReleaseSemaphore(handle, sleepers, &previous)) return Release::nobody_asleep;
    return previous > 0 ? Release::nobody_asleep : Release::delivered;
}

void WaiterCount::wake(const std::uint32_t*, std::uint8_t seen) const noexcept {
    if (channel_->release(seen) == WakeChannel::Release::nobody_asleep) clear_if(seen);
}

bool WaiterCount::sleep_on(const std::uint32_t*, std::uint32_t, std::chrono::nanoseconds slice) const noexcept {
    return channel_->sleep(slice);
}

// A nudge (close, an interrupt): releases for whoever is counted, and never clears the count,
// since units a nudge before it left need not mean that those waiters died.
void WaiterCount::wake_all(const std::uint32_t*) const noexcept {
    const std::uint8_t counted = value();
    if (counted != 0) channel_->release(counted);
}

}  // namespace lsm

#endif  // _WIN32
