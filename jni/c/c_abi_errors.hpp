// How the C ABI turns C++ exceptions into return values plus a per-thread error record.
#pragma once

#include <chrono>
#include <string>

#include "lsm/error.hpp"
#include "lsm/fast_tls.hpp"
#include "lsm/hot_path.hpp"
#include "lsm/spin_lock.hpp"  // LockWaitCap, for the lsm_*_try_* calls

namespace lsm::c_abi {

void set_last_error(ErrorCode code, const std::string& message) noexcept;

// The code lsm_last_error() returns; cleared (inline, one store) by every call.
LSM_FAST_TLS extern constinit thread_local int last_code;
inline void clear_last_error() noexcept { last_code = 0; }  // LSM_OK

// Runs `body`; on an exception records it and returns `on_error`.
// The try costs nothing until something throws (table-driven unwinding): the fast path is
// the one store that clears the error code.
template <typename Result, typename Body>
LSM_HOT_INLINE Result guarded(Result on_error, Body&& body) noexcept {
    try {
        clear_last_error();
        return body();
    } catch (const Error& e) {
        set_last_error(e.code(), e.what());
    } catch (const std::bad_alloc&) {
        set_last_error(ErrorCode::no_space, "out of memory");
    } catch (const std::exception& e) {
        set_last_error(ErrorCode::io, e.what());
    } catch (...) {
        set_last_error(ErrorCode::io, "unknown error");
    }
    return on_error;
}

// Runs body(object) inside a handle's call guard (c_abi_handles.hpp): a NULL handle is
// LSM_ERR_INVALID_ARGUMENT, a closed one LSM_ERR_CLOSED.
[[noreturn]] void throw_null_handle();

template <typename Result, typename Handle, typename Body>
LSM_HOT_INLINE Result guarded_call(Handle* handle, Result on_error, Body&& body) noexcept {
    return guarded<Result>(on_error, [&]() LSM_HOT_LAMBDA -> Result {
        if (handle == nullptr) [[unlikely]]
            throw_null_handle();
        return handle->call(body);
    });
}

// How long the lsm_*_try_* calls wait for a lock before they give up with LSM_ERR_TIMEOUT.
inline constexpr std::chrono::microseconds try_lock_wait{50};

}  // namespace lsm::c_abi
