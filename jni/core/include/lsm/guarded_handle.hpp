// A handle as the C ABI and the bindings hand it out: the object (stream writer or reader,
// queue) behind a CallGuard. close() waits for calls in flight, then destroys the object
// (unmapping; a non-persistent segment removes its name); the handle itself stays valid until
// it is freed, so a call after close is refused with ErrorCode::closed instead of touching
// freed memory. Each call also runs inside a FaultScope (mapping_faults.hpp): a segment that
// another process shrinks under a call makes it, and every later one, throw Error(corrupt).
#pragma once

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
        object_->lock_wait_abort().closing = &guard_.closed_flag();  // close() ends the object's lock waits
    }

    GuardedHandle(const GuardedHandle&) = delete;
    GuardedHandle& operator=(const GuardedHandle&) = delete;
    ~GuardedHandle() { close(); }

    // Runs body(object) inside the guard; throws Error(closed) once the handle is closed, and
    // Error(corrupt) once its segment was shrunk under a call.
    template <typename Body>
    LSM_HOT_INLINE decltype(auto) call(Body&& body) {
        const CallGuard::Ticket ticket = guard_.enter();
        if (ticket == nullptr) [[unlikely]]
            refuse_closed();
        const EnteredCall entered(guard_, ticket);
        return run_watched(watch_, what_, [&]() -> decltype(auto) { return body(*object_); });
    }

    // Whether the object's open_or_create created it (Queue, StreamWriter). Only before close().
    bool created() const noexcept { return object_->created(); }

    void close() noexcept {
        if (guard_.close(&wake_waiters, this)) object_.reset();
    }

    // Lets `interrupted` (a binding's test of its thread's interruption) end lock waits too
    // (LockWaitAbort). Set it before the handle is shared.
    void end_lock_waits_on_interrupt(bool (*interrupted)()) noexcept { object_->lock_wait_abort().interrupted = interrupted; }

    bool is_closed() const noexcept { return guard_.is_closed(); }
    const std::string& what() const noexcept { return what_; }

private:
    // CallGuard::close's nudge: ends the sleeps of calls inside (the object stays until they left).
    static void wake_waiters(void* self) noexcept { static_cast<GuardedHandle*>(self)->object_->wake_all_waiters(); }

    [[noreturn]] [[gnu::noinline]] void refuse_closed() const { throw Error(ErrorCode::closed, what_ + " is closed"); }

    CallGuard guard_;
    MappingWatch watch_;  // of object_'s mapping (beside guard_: one cache line per call); unused once closed
    std::optional<Object> object_;
    std::string what_;
};

}  // namespace lsm
