// The other process of the cross-process scenarios (queue drain, ping-pong echo), started by
// a benchmark of either side as "lsm-bench peer COMMAND ARGS...".
#pragma once

#include <string>
#include <vector>

namespace lsm::bench {

int run_peer(const std::vector<std::string>& args);

}  // namespace lsm::bench
