#include "lsm/error.hpp"

#include <cerrno>
#include <cstring>

namespace lsm {

const char* error_code_name(ErrorCode code) noexcept {
    switch (code) {
        case ErrorCode::ok: return "ok";
        case ErrorCode::invalid_argument: return "invalid argument";
        case ErrorCode::invalid_name: return "invalid name";
        case ErrorCode::invalid_size: return "invalid size";
        case ErrorCode::not_found: return "not found";
        case ErrorCode::access_denied: return "access denied";
        case ErrorCode::no_space: return "no space";
        case ErrorCode::corrupt: return "corrupt segment";
        case ErrorCode::closed: return "closed";
        case ErrorCode::timeout: return "timeout";
        case ErrorCode::too_large: return "too large";
        case ErrorCode::io: return "I/O error";
        case ErrorCode::interrupted: return "interrupted";
    }
    return "unknown error";
}

static ErrorCode code_for_errno(int os_error) {
    switch (os_error) {
        case ENOENT: return ErrorCode::not_found;
        case EACCES:
        case EPERM: return ErrorCode::access_denied;
        case ENOSPC:
        case ENOMEM:
        case EFBIG: return ErrorCode::no_space;
        case ENAMETOOLONG: return ErrorCode::invalid_name;
        case EINVAL: return ErrorCode::invalid_argument;
        default: return ErrorCode::io;
    }
}

void throw_os_error(const std::string& what, const std::string& name, int os_error) {
    throw Error(code_for_errno(os_error),
                what + " '" + name + "': " + std::strerror(os_error) + " (errno " + std::to_string(os_error) + ")");
}

}  // namespace lsm
