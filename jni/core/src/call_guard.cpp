#include "lsm/call_guard.hpp"

#include <chrono>
#include <deque>
#include <new>
#include <mutex>
#include <thread>
#include <vector>

#include "lsm/spin_lock.hpp"

#if defined(_WIN32)
#if defined(__MINGW32__)
#include <pthread.h>
#endif
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


// Every thread that has run a call: serialized memory barrier on each of them.
void heavy_barrier() noexcept {
#if defined(_WIN32)
    FlushProcessWriteBuffers();
#elif defined(__linux__) && defined(__NR_membarrier)
    syscall(__NR_membarrier, MEMBARRIER_CMD_PRIVATE_EXPEDITED, 0, 0);
#endif
}

using Slot = detail::CallSlot;

std::mutex registry_mutex;
std::deque<Slot>& registry() {
    // A deque: growing never moves a slot. Never destroyed: threads of a JVM may still make
    // calls while the process runs its static destructors at exit.
    static auto* slots = new std::deque<Slot>;
    return *slots;
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

// Hands a thread's slot back when the thread ends.
void release_slot(Slot* slot) noexcept {
    detail::current_call_slot = nullptr;  // a call during thread exit leases anew
    std::lock_guard<std::mutex> lock(registry_mutex);
    slot->inside.store(nullptr, std::memory_order_release);
    slot->in_use = false;
}

#if defined(__MINGW32__)
// MinGW emulates thread_local (emutls): at a thread's end its storage may be freed before
// libstdc++ runs the thread_local destructors (both are pthread key destructors, run in the
// order their keys were made), so a thread_local's destructor would read freed memory. The
// lease is a key's value instead: its destructor is handed the slot itself. (Writing
// current_call_slot there is safe either way: emutls gives a freed thread fresh storage and
// frees it again.)
void keep_lease(Slot* slot) {
    static const pthread_key_t lease_key = [] {
        pthread_key_t key{};
        if (pthread_key_create(&key, [](void* leased) { release_slot(static_cast<Slot*>(leased)); }) != 0)
            throw std::bad_alloc();
        return key;
    }();
    if (pthread_setspecific(lease_key, slot) != 0) throw std::bad_alloc();
}
#else
struct SlotLease {
    Slot* slot = nullptr;
    ~SlotLease() {
        if (slot != nullptr) release_slot(slot);
    }
};

void keep_lease(Slot* slot) {
    thread_local SlotLease lease;
    lease.slot = slot;
}
#endif

// This thread's slot, leased on its first call.
Slot* my_slot() noexcept {
    if (detail::current_call_slot != nullptr) return detail::current_call_slot;
    Slot* slot = nullptr;
    try {
        slot = lease_slot();
        keep_lease(slot);
    } catch (...) {
        if (slot != nullptr) release_slot(slot);
        return nullptr;  // no memory for a slot: the counted path still works
    }
    detail::current_call_slot = slot;
    return slot;
}

// Waits a little between close()'s looks at a call in flight: a call leaves within
// microseconds, except one waiting for a lock, which looks at the closed flag between its own
// sleeps (up to a millisecond). Sleeping then keeps close() from burning a core meanwhile.
void pause(unsigned round) noexcept {
    if (round < 200)
        cpu_relax();
    else if (round < 300)
        std::this_thread::yield();
    else
        std::this_thread::sleep_for(std::chrono::microseconds(round < 400 ? 20 : 200));
}

}  // namespace

namespace detail {
constinit thread_local CallSlot* current_call_slot = nullptr;
const bool asymmetric_barrier = register_asymmetric_barrier();
CallSlot counted_call_slot;
}  // namespace detail

bool CallGuard::asymmetric() noexcept { return detail::asymmetric_barrier; }

CallGuard::Ticket CallGuard::enter_slowly() noexcept {
    Slot* slot = my_slot();
    if (slot != nullptr && slot->inside.load(std::memory_order_relaxed) == nullptr) {
        if (detail::asymmetric_barrier) {
            slot->inside.store(this, std::memory_order_relaxed);
            std::atomic_signal_fence(std::memory_order_seq_cst);
            if (!closed_.load(std::memory_order_relaxed)) return slot;
        } else {
            slot->inside.store(this, std::memory_order_seq_cst);
            if (!closed_.load(std::memory_order_seq_cst)) return slot;
        }
        slot->inside.store(nullptr, std::memory_order_release);
        return nullptr;
    }
    // Already inside a guard on this thread (or no slot): count instead.
    nested_.fetch_add(1, std::memory_order_seq_cst);
    if (!closed_.load(std::memory_order_seq_cst)) return counted_ticket();
    nested_.fetch_sub(1, std::memory_order_release);
    return nullptr;
}

bool CallGuard::close(void (*nudge)(void*), void* context) noexcept {
    return close_and_drain(std::chrono::steady_clock::time_point::max(), nudge, context);
}

// A switch does not nudge: a sleeper would take the closed flag for a close; it leaves at the
// end of its slice, and the switch is tried again later if that is after the patience.
bool CallGuard::close_within(std::chrono::nanoseconds patience) noexcept {
    return close_and_drain(std::chrono::steady_clock::now() + patience, nullptr, nullptr);
}

bool CallGuard::close_and_drain(std::chrono::steady_clock::time_point deadline, void (*nudge)(void*),
                                void* context) noexcept {
    // A call sleeping in an address wait leaves only when woken: wake it at every look after
    // the first few (the sleeper checks the flag before it sleeps again).
    const auto pause = [nudge, context](unsigned round) noexcept {
        if (nudge != nullptr && round % 16 == 0) nudge(context);
        lsm::pause(round);
    };
    if (closed_.exchange(true, std::memory_order_seq_cst)) return false;
    if (detail::asymmetric_barrier) heavy_barrier();
    // Waits until `busy` is false, or the deadline passes (looked at between pauses).
    const auto drained = [&](auto busy) {
        for (unsigned round = 0; busy(); ++round) {
            if (round >= 200 && std::chrono::steady_clock::now() >= deadline) return false;
            pause(round);
        }
        return true;
    };
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
                if (!drained([&] { return slot.inside.load(std::memory_order_acquire) == this; })) return false;
    }
    for (Slot* slot : slots)
        if (!drained([&] { return slot->inside.load(std::memory_order_acquire) == this; })) return false;
    return drained([&] { return nested_.load(std::memory_order_acquire) != 0; });
}

}  // namespace lsm
