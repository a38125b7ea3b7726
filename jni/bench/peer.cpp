#include "peer.hpp"

#include <unistd.h>

#include <array>
#include <cstdio>
#include <optional>
#include <span>

#include "harness.hpp"
#include "lsm/queue.hpp"

namespace lsm::bench {

void peer_ready() {
    std::printf("ready\n");
    std::fflush(stdout);
}

namespace {

// Waits for a message; its length (0 = stop), or 0 when the process that started us is gone.
std::uint32_t take(Queue& queue, std::span<std::byte> into, pid_t parent) {
    Waiter wait;
    for (std::uint32_t round = 1;; ++round) {
        const ReceiveResult r = queue.receive(true, into);
        if (r.status == Received::taken) return r.length;
        if ((round & 0xFFFFF) == 0 && ::getppid() != parent) return 0;
        wait.pause();
    }
}

}  // namespace

// queue-drain QUEUE: dequeue until an empty message. queue-echo PING PONG: move every message
// from PING to PONG until an empty one arrives. Same as the JMH module's BenchPeer. The wake-up
// scenarios' commands: wakeup_peer.cpp.
int run_peer(const std::vector<std::string>& args) {
    if (const std::optional<int> status = run_wakeup_peer(args)) return *status;
    std::array<std::byte, 65536> buffer{};
    const pid_t parent = ::getppid();
    if (args.size() == 2 && args[0] == "queue-drain") {
        Queue queue = Queue::open_existing(args[1], true);
        peer_ready();
        while (take(queue, buffer, parent) > 0) {
        }
        return 0;
    }
    if (args.size() == 3 && args[0] == "queue-echo") {
        Queue ping = Queue::open_existing(args[1], true);
        Queue pong = Queue::open_existing(args[2], true);
        peer_ready();
        for (std::uint32_t length; (length = take(ping, buffer, parent)) > 0;) {
            for (Waiter wait; !pong.enqueue(buffer.data(), length);) wait.pause();
        }
        return 0;
    }
    std::fprintf(stderr, "usage: lsm-bench peer queue-drain QUEUE | queue-echo PING PONG | %s\n", wakeup_peer_usage);
    return 1;
}

}  // namespace lsm::bench
