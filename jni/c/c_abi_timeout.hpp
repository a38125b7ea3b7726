// The timeout arguments of the lsm_*_set_lock_timeout_ms and lsm_*_wait_* calls.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "lsm/error.hpp"
#include "lsm_c.h"

namespace lsm::c_abi {

// Milliseconds as given to the C ABI; a negative value is invalid_argument.
inline std::chrono::nanoseconds timeout_from(std::int64_t milliseconds) {
    if (milliseconds < 0)
        throw Error(ErrorCode::invalid_argument, "lock timeout must not be negative, was " +
                                                     std::to_string(milliseconds) + " ms");
    return std::chrono::milliseconds(milliseconds);
}

// The timeout of the lsm_*_wait_* calls: negative waits without end.
inline std::chrono::nanoseconds wait_timeout_from(std::int64_t milliseconds) {
    if (milliseconds < 0) return std::chrono::nanoseconds::max();
    if (milliseconds > std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::nanoseconds::max()).count())
        return std::chrono::nanoseconds::max();
    return std::chrono::milliseconds(milliseconds);
}

// What the lsm_*_wait_* calls answer for a wait's outcome.
inline int wait_result(bool ready) noexcept { return ready ? LSM_WAIT_READY : LSM_WAIT_TIMEOUT; }

}  // namespace lsm::c_abi
