#include "lsm/call_guard.hpp"

#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "lsm/spin_lock.hpp"

#if defined(_WIN32)
#include <windows.h>
#elif defined(__linux__)
#include <linux/membarrier.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace lsm {
namespace {

#if defined(__SANITIZE_THREAD__)
#define LSM_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LSM_TSAN 1
#endif
#endif

// The process-wide barrier; decided once, when the library is loaded, before any guard is used.
bool register_asymmetric_barrier() noexcept {
#if defined(LSM_TSAN)
    return false;  // TSan does not model membarrier: let it see sequentially consistent accesses
#elif defined(_WIN32)
    return true;
#elif defined(__linux__) && defined(__NR_membarrier)
    const long supported = syscall(__NR_membarrier, MEMBARRIER_CMD_QUERY, 0, 0);
    if (supported < 0 || (supported & MEMBARRIER_CMD_PRIVATE_EXPEDITED) == 0) return false;
    return syscall(__NR_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0;
#else
    return false;
#endif
}

const bool asymmetric_barrier = register_asymmetric_barrier();

// Every thread that has run a call: serialized memory barrier on each of them.
void heavy_barrier() noexcept {
#if defined(_WIN32)
    FlushProcessWriteBuffers();
#elif defined(__linux__) && defined(__NR_membarrier)
    syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
#endif
}

// One per thread that has made a call; never freed (a thread that ends hands it back for reuse),
// so close() can read any slot at any time.
struct Slot {
    std::atomic<const CallGuard*> inside{nullptr};
    bool in_use = false;
};

std::mutex registry_mutex;
std::deque<Slot>& registry() {
    static std::deque<Slot> slots;  // a deque: growing never moves a slot
    return slots;
}

Slot* lease_slot() {
    std::lock_guard<std::mutex> lock(registry_mutex);
    for (Slot& slot : registry())
        if (!slot.in_use) {
            slot.in_use = true;
            return &slot;
        }
    Slot& slot = registry().emplace_back();
    slot.in_use = true;
    return &slot;
}

// Hands the slot back when its thread ends.
struct SlotLease {
    Slot* slot = nullptr;
    ~SlotLease() {
        if (slot == nullptr) return;
        std::lock_guard<std::mutex> lock(registry_mutex);
        slot->inside.store(nullptr, std::memory_order_release);
        slot->in_use = false;
    }
};

thread_local Slot* current_slot = nullptr;  // trivially initialized: the fast path has no TLS init check

Slot& my_slot() {
    if (current_slot != nullptr) return *current_slot;
    thread_local SlotLease lease;
    lease.slot = lease_slot();
    current_slot = lease.slot;
    return *current_slot;
}

void pause(unsigned round) noexcept {
    if (round < 200)
        cpu_relax();
    else
        std::this_thread::yield();
}

}  // namespace

bool CallGuard::asymmetric() noexcept { return asymmetric_barrier; }

bool CallGuard::try_enter() noexcept {
    Slot* slot = current_slot;
    if (slot == nullptr) {
        try {
            slot = &my_slot();
        } catch (...) {
            slot = nullptr;  // no memory for a slot: the counted path still works
        }
    }
    if (slot != nullptr && slot->inside.load(std::memory_order_relaxed) == nullptr) {
        if (asymmetric_barrier) {
            slot->inside.store(this, std::memory_order_relaxed);
            std::atomic_signal_fence(std::memory_order_seq_cst);  // the store stays before the load
            if (!closed_.load(std::memory_order_relaxed)) return true;
        } else {
            slot->inside.store(this, std::memory_order_seq_cst);
            if (!closed_.load(std::memory_order_seq_cst)) return true;
        }
        slot->inside.store(nullptr, std::memory_order_release);
        return false;
    }
    // Already inside a guard on this thread: count instead.
    nested_.fetch_add(1, std::memory_order_seq_cst);
    if (!closed_.load(std::memory_order_seq_cst)) return true;
    nested_.fetch_sub(1, std::memory_order_release);
    return false;
}

void CallGuard::exit() noexcept {
    Slot* slot = current_slot;
    // Release: the call's accesses to the mapping happen before close() sees it left.
    if (slot != nullptr && slot->inside.load(std::memory_order_relaxed) == this)
        slot->inside.store(nullptr, std::memory_order_release);
    else
        nested_.fetch_sub(1, std::memory_order_release);
}

bool CallGuard::close() noexcept {
    if (closed_.exchange(true, std::memory_order_seq_cst)) return false;
    if (asymmetric_barrier) heavy_barrier();
    // A thread that leases its slot after this snapshot takes the registry lock after the flag
    // was set, so its first call sees the flag.
    std::vector<Slot*> slots;
    {
        std::lock_guard<std::mutex> lock(registry_mutex);
        try {
            slots.reserve(registry().size());
            for (Slot& slot : registry()) slots.push_back(&slot);
        } catch (...) {
            slots.clear();  // no memory: scan under the lock instead (below)
        }
        if (slots.empty())
            for (Slot& slot : registry())
                for (unsigned round = 0; slot.inside.load(std::memory_order_acquire) == this; ++round) pause(round);
    }
    for (Slot* slot : slots)
        for (unsigned round = 0; slot->inside.load(std::memory_order_acquire) == this; ++round) pause(round);
    for (unsigned round = 0; nested_.load(std::memory_order_acquire) != 0; ++round) pause(round);
    return true;
}

}  // namespace lsm
