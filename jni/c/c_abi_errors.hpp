// How the C ABI turns C++ exceptions into return values plus a per-thread error record.
#pragma once

#include <string>

#include "lsm/error.hpp"

namespace lsm::c_abi {

void set_last_error(ErrorCode code, const std::string& message) noexcept;
void clear_last_error() noexcept;

// Runs `body`; on an exception records it and returns `on_error`.
template <typename Result, typename Body>
Result guarded(Result on_error, Body&& body) noexcept {
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

}  // namespace lsm::c_abi
