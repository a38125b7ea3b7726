#include "c_abi_errors.hpp"
#include "lsm/fast_tls.hpp"
#include "lsm_c.h"

namespace lsm::c_abi {
LSM_FAST_TLS constinit thread_local int last_code = LSM_OK;
namespace {
thread_local std::string last_message;
}  // namespace

void set_last_error(ErrorCode code, const std::string& message) noexcept {
    last_code = static_cast<int>(code);
    try {
        last_message = message;
    } catch (...) {
        last_message.clear();
    }
}

void throw_null_handle() { throw Error(ErrorCode::invalid_argument, "handle is NULL"); }

}  // namespace lsm::c_abi

extern "C" {
int lsm_last_error(void) { return lsm::c_abi::last_code; }
const char* lsm_last_error_message(void) {
    return lsm::c_abi::last_code == LSM_OK ? "" : lsm::c_abi::last_message.c_str();
}
}
