// The lock timeout argument of the lsm_*_set_lock_timeout_ms calls.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "lsm/error.hpp"

namespace lsm::c_abi {

// Milliseconds as given to the C ABI; a negative value is invalid_argument.
inline std::chrono::nanoseconds timeout_from(std::int64_t milliseconds) {
    if (milliseconds < 0)
        throw Error(ErrorCode::invalid_argument, "lock timeout must not be negative, was " +
                                                     std::to_string(milliseconds) + " ms");
    return std::chrono::milliseconds(milliseconds);
}

}  // namespace lsm::c_abi
