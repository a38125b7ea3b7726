#include "c_abi_errors.hpp"
#include "lsm/fast_tls.hpp"
#include "lsm_c.h"

namespace lsm::c_abi {
// LSM_ERR_* are lsm::ErrorCode's values (the JNI exception table is tied to them in jni_support.cpp).
static_assert(LSM_OK == int(ErrorCode::ok));
static_assert(LSM_ERR_INVALID_ARGUMENT == int(ErrorCode::invalid_argument));
static_assert(LSM_ERR_INVALID_NAME == int(ErrorCode::invalid_name));
static_assert(LSM_ERR_INVALID_SIZE == int(ErrorCode::invalid_size));
static_assert(LSM_ERR_NOT_FOUND == int(ErrorCode::not_found));
static_assert(LSM_ERR_ACCESS_DENIED == int(ErrorCode::access_denied));
static_assert(LSM_ERR_NO_SPACE == int(ErrorCode::no_space));
static_assert(LSM_ERR_CORRUPT == int(ErrorCode::corrupt));
static_assert(LSM_ERR_CLOSED == int(ErrorCode::closed));
static_assert(LSM_ERR_TIMEOUT == int(ErrorCode::timeout));
static_assert(LSM_ERR_TOO_LARGE == int(ErrorCode::too_large));
static_assert(LSM_ERR_IO == int(ErrorCode::io));
static_assert(LSM_ERR_INTERRUPTED == int(ErrorCode::interrupted));
// The sentinels stay apart from each other and from every "too small" answer.
static_assert(LSM_TOO_SMALL(0) == LSM_TOO_SMALL_BASE && LSM_TOO_SMALL_BASE < LSM_RESULT_RETRY);
static_assert(!LSM_IS_TOO_SMALL(LSM_RESULT_ERROR) && !LSM_IS_TOO_SMALL(LSM_RESULT_EMPTY) &&
              !LSM_IS_TOO_SMALL(LSM_RESULT_RETRY) && LSM_NEEDED_SIZE(LSM_TOO_SMALL(4096)) == 4096);

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
