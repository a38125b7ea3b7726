// Errors of the native core. Every failure carries a code (stable across the C ABI
// and JNI) and a message that names the segment and the OS reason.
#pragma once

#include <stdexcept>
#include <string>

namespace lsm {

// Values are part of the C ABI (lsm_c.h LSM_ERR_*) and of the JNI mapping: never renumber.
enum class ErrorCode : int {
    ok = 0,
    invalid_argument = 1,  // a bad parameter that is not a name or a size
    invalid_name = 2,      // empty, '/', NUL, control characters, too long
    invalid_size = 3,      // size <= 0, larger than the existing object, overflow
    not_found = 4,         // no segment of that name
    access_denied = 5,     // permissions
    no_space = 6,          // the OS cannot back the segment
    corrupt = 7,           // a header field read from shared memory does not fit
    closed = 8,            // the handle was closed
    timeout = 9,           // a lock was not acquired in time
    too_large = 10,        // a payload or message larger than the segment allows
    io = 11,               // any other OS failure
    interrupted = 12,      // a lock wait ended because the waiting thread was interrupted (bindings only)
};

const char* error_code_name(ErrorCode code) noexcept;

class Error : public std::runtime_error {
public:
    Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
    ErrorCode code() const noexcept { return code_; }

private:
    ErrorCode code_;
};

// Builds the message "<what> '<name>': <OS reason>" from an errno value and maps the
// errno to an ErrorCode.
[[noreturn]] void throw_os_error(const std::string& what, const std::string& name, int os_error);

}  // namespace lsm
