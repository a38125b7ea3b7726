// The other process of the cross-process scenarios (queue drain, ping-pong echo), started by
// a benchmark of either side as "lsm-bench peer COMMAND ARGS...".
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace lsm::bench {

int run_peer(const std::vector<std::string>& args);

// Prints "ready" (the starting process waits for it) and flushes.
void peer_ready();

// The wake-up scenarios' commands (wakeup_peer.cpp): the exit status, or nothing when args is
// none of them.
std::optional<int> run_wakeup_peer(const std::vector<std::string>& args);
extern const char* const wakeup_peer_usage;

}  // namespace lsm::bench
