// A handle as the C ABI and the bindings hand it out: the object (stream writer or reader,
// queue) behind a CallGuard. close() waits for calls in flight, then destroys the object
// (unmapping; a non-persistent segment removes its name); the handle itself stays valid until
// it is freed, so a call after close is refused with ErrorCode::closed instead of touching
// freed memory. Each call also runs inside a FaultScope (mapping_faults.hpp): a segment that
// another process shrinks under a call makes it, and every later one, throw Error(corrupt).
//
// replace() swaps the object for another (a reader following a re-created segment): it closes
// the guard, waits briefly for the calls inside (a call in a lock wait is not cut short: the
// switch gives up and is tried again later), swaps, and reopens the guard. A call that finds
// the guard closed by a switch waits for it and runs on the new object: only close() makes
// calls fail with Error(closed). That detour is off the hot path.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

#include "lsm/call_guard.hpp"
#include "lsm/error.hpp"
#include "lsm/hot_path.hpp"
#include "lsm/mapping_faults.hpp"

namespace lsm {

template <typename Object>
class GuardedHandle {
public:
    // `kind` names the object in errors ("stream", "queue").
    template <typename... Args>
    explicit GuardedHandle(const char* kind, Args&&... args)
        : object_(std::in_place, std::forward<Args>(args)...), what_(std::string(kind) + " '" + object_->name() + "'") {
        watch_.watch(object_->segment());
        object_->lock_wait_abort().closing = &closed_for_good_;  // close() ends the object's lock waits, a switch not
    }

    GuardedHandle(const GuardedHandle&) = delete;
    GuardedHandle& operator=(const GuardedHandle&) = delete;
    ~GuardedHandle() { close(); }

    // Runs body(object) inside the guard; throws Error(closed) once the handle is closed, and
    // Error(corrupt) once its segment was shrunk under a call.
    template <typename Body>
    LSM_HOT_INLINE decltype(auto) call(Body&& body) {
        CallGuard::Ticket ticket = guard_.enter();
        while (ticket == nullptr) [[unlikely]] {
            wait_for_switch();
            ticket = guard_.enter();
        }
        const EnteredCall entered(guard_, ticket);
        return run_watched(watch_, what_, [&]() -> decltype(auto) { return body(*object_); });
    }

    // Swaps the object for `next` once `ready(old object)` holds with no call inside (asked
    // after the drain: a queue must still be empty). The old object is unmapped and keeps its
    // hands off the name, which now leads to `next`. False (next dropped, the name left alone)
    // when the handle is closed, not ready, or a call stays inside longer than `patience`
    // (waiting for a lock, copying a large payload). Never call it from inside a call.
    template <typename Ready>
    bool replace(Object&& next, Ready&& ready, std::chrono::nanoseconds patience) {
        const std::lock_guard<std::mutex> lock(switch_mutex_);
        bool swapped = false;
        if (!closed_for_good_.load(std::memory_order_acquire)) {
            if (guard_.close_within(patience) && ready(*object_)) {
                next.lock_wait_abort() = object_->lock_wait_abort();
                object_->segment().forget_name();
                object_.reset();
                object_.emplace(std::move(next));
                watch_.watch(object_->segment());
                swapped = true;
            }
            guard_.reopen();
        }
        if (!swapped) next.segment().forget_name();
        return swapped;
    }

    // One follow (lsm/follow.hpp) at a time per handle: a thread that does not get the lock has
    // nothing to do, the one that holds it is following already.
    std::unique_lock<std::mutex> try_lock_follow() { return std::unique_lock<std::mutex>(follow_mutex_, std::try_to_lock); }

    // Whether the object's open_or_create created it (Queue, StreamWriter). Only before close().
    bool created() const noexcept { return object_->created(); }

    void close() noexcept {
        closed_for_good_.store(true, std::memory_order_seq_cst);
        const std::lock_guard<std::mutex> lock(switch_mutex_);  // a switch in progress ends first
        if (guard_.close(&wake_waiters, this)) object_.reset();
    }

    // Wakes the threads asleep in this handle's waits (a binding's thread was interrupted: its
    // wait asks `interrupted` again and ends). Does nothing once closed (close() woke them) or
    // while a switch holds the guard (calls inside keep it from happening); never throws.
    void wake_sleepers() noexcept {
        const CallScope scope(guard_);
        if (scope.entered()) object_->wake_all_waiters();
    }

    // Lets `interrupted` (a binding's test of its thread's interruption) end lock waits too
    // (LockWaitAbort). Set it before the handle is shared.
    void end_lock_waits_on_interrupt(bool (*interrupted)()) noexcept { object_->lock_wait_abort().interrupted = interrupted; }

    bool is_closed() const noexcept { return closed_for_good_.load(std::memory_order_acquire); }
    const std::string& what() const noexcept { return what_; }

private:
    // CallGuard::close's nudge: ends the sleeps of calls inside (the object stays until they left).
    static void wake_waiters(void* self) noexcept { static_cast<GuardedHandle*>(self)->object_->wake_all_waiters(); }

    [[noreturn]] [[gnu::noinline]] void refuse_closed() const { throw Error(ErrorCode::closed, what_ + " is closed"); }

    // Before a call that found the guard closed tries again: waits while a switch holds the
    // mutex; Error(closed) once close() was called. Takes no body (nor its address), so that
    // the hot path keeps the body's captures in registers.
    [[gnu::noinline]] [[gnu::cold]] void wait_for_switch() {
        if (closed_for_good_.load(std::memory_order_acquire)) refuse_closed();
        const std::lock_guard<std::mutex> wait(switch_mutex_);
        if (closed_for_good_.load(std::memory_order_acquire)) refuse_closed();
    }

    CallGuard guard_;
    MappingWatch watch_;  // of object_'s mapping (beside guard_: one cache line per call); unused once closed
    std::optional<Object> object_;
    std::string what_;
    std::mutex switch_mutex_;                  // held by replace() and close(): one at a time
    std::mutex follow_mutex_;                  // try_lock_follow()
    std::atomic<bool> closed_for_good_{false};  // close() was called: refusals are final
};

}  // namespace lsm
