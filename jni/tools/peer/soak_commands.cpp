// Soak commands: long-running producers that a test kills (SIGKILL) and restarts over and over.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "commands.hpp"
#include "lsm/queue.hpp"

namespace lsm::peer {
namespace {

using Clock = std::chrono::steady_clock;

// soak-produce NAME ID LOGFILE: enqueues "<ID>:<seq>" for seq = 0, 1, ... (waiting while the
// queue is full) and appends "<seq>\n" to LOGFILE only after enqueue returned true, with one
// write(2) per line, so that a SIGKILL never loses an acknowledgement already logged. Prints
// "ready" first; stops by itself after 60 s.
int soak_produce(const Args& args) {
    Queue queue = Queue::open_existing(arg(args, 0, "NAME"), true);
    const std::string id = arg(args, 1, "ID");
    const std::string path = arg(args, 2, "LOGFILE");
    const int log = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (log < 0) throw UsageError{"cannot write " + path};
    std::printf("ready\n");
    std::fflush(stdout);
    const auto until = Clock::now() + std::chrono::seconds(60);
    for (unsigned long seq = 0; Clock::now() < until; ++seq) {
        const std::string message = id + ":" + std::to_string(seq);
        for (unsigned round = 0; !queue.enqueue(message.data(), message.size()); ++round) {
            if (Clock::now() >= until) return 0;
            if (round > 64) std::this_thread::sleep_for(std::chrono::microseconds(100));
        }
        const std::string line = std::to_string(seq) + "\n";
        if (::write(log, line.data(), line.size()) != static_cast<ssize_t>(line.size())) return 4;
    }
    ::close(log);
    return 0;
}

const Registration registrations[] = {
    {"soak-produce", {"soak-produce NAME ID LOGFILE", soak_produce}},
};

}  // namespace
}  // namespace lsm::peer
