// lsm_stream_reader_follow and lsm_queue_follow: lsm::follow_recreated as 1 (followed) or 0.
#pragma once

#include "c_abi_errors.hpp"
#include "lsm/follow.hpp"

namespace lsm::c_abi {

template <typename Handle>
int follow(Handle* handle) {
    if (handle == nullptr) throw_null_handle();
    return follow_recreated(*handle) == FollowResult::followed ? 1 : 0;
}

}  // namespace lsm::c_abi
