#include "peer.hpp"

#include <cstdio>

namespace lsm::bench {

int run_peer(const std::vector<std::string>& args) {
    std::fprintf(stderr, "lsm-bench peer: unknown command %s\n", args.empty() ? "(none)" : args[0].c_str());
    return 1;
}

}  // namespace lsm::bench
