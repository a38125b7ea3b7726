#include "peer.hpp"

#include <time.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <span>
#include <thread>

#include "floor.hpp"
#include "harness.hpp"
#include "lsm/queue.hpp"
#include "lsm/stream.hpp"

namespace lsm::bench {
namespace {

void ready() {
    std::printf("ready\n");
    std::fflush(stdout);
}

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

// A count or size argument; exits with a message when it is not a positive number.
unsigned long positive(const std::string& arg) {
    char* end = nullptr;
    const unsigned long n = std::strtoul(arg.c_str(), &end, 10);
    if (arg.empty() || *end != '\0' || n == 0) {
        std::fprintf(stderr, "lsm-bench peer: %s is not a positive number\n", arg.c_str());
        std::exit(1);
    }
    return n;
}

// The senders of the wake-up scenarios (the JMH module's WakeupLatency): `count` times, sleep
// `gap_ms`, then send() this process's CLOCK_MONOTONIC time as 8 bytes (the same clock as
// System.nanoTime() on Linux; little-endian on every target), taken just before the send.
constexpr std::uint32_t time_bytes = 8;

// A stream sender waits, after each write, until the waiter acknowledged it (polling every 1 ms,
// for at most 5 s): so the next write cannot land before the waiter's markAsRead, which would
// acknowledge it unseen.
template <typename Acknowledged>
void await_ack(Acknowledged&& acknowledged) {
    for (int ms = 0; !acknowledged(); ++ms) {
        if (ms == 5000) {
            std::fprintf(stderr, "lsm-bench peer: no reader acknowledged a write within 5 s\n");
            std::exit(3);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
}

template <typename Send>
void send_times(unsigned long count, unsigned long gap_ms, Send&& send) {
    for (unsigned long i = 0; i < count; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(gap_ms));
        timespec now{};
        ::clock_gettime(CLOCK_MONOTONIC, &now);
        const std::int64_t ns = static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
        static_assert(sizeof ns == time_bytes);
        std::array<std::byte, time_bytes> message{};
        std::memcpy(message.data(), &ns, time_bytes);
        send(message.data());
    }
}

}  // namespace

// queue-drain QUEUE: dequeue until an empty message. queue-echo PING PONG: move every message
// from PING to PONG until an empty one arrives. queue-send QUEUE COUNT GAP_MS and stream-send
// STREAM SIZE COUNT GAP_MS: send_times, as the JMH module's BenchPeer. floor-queue-send QUEUE
// CAPACITY MAX_MESSAGE COUNT GAP_MS and floor-stream-send STREAM SIZE COUNT GAP_MS: the same with
// the wire steps alone (floor.hpp), as a C++ library peer, which wakes no waiter.
int run_peer(const std::vector<std::string>& args) {
    std::array<std::byte, 65536> buffer{};
    const pid_t parent = ::getppid();
    if (args.size() == 2 && args[0] == "queue-drain") {
        Queue queue = Queue::open_existing(args[1], true);
        ready();
        while (take(queue, buffer, parent) > 0) {
        }
        return 0;
    }
    if (args.size() == 3 && args[0] == "queue-echo") {
        Queue ping = Queue::open_existing(args[1], true);
        Queue pong = Queue::open_existing(args[2], true);
        ready();
        for (std::uint32_t length; (length = take(ping, buffer, parent)) > 0;) {
            for (Waiter wait; !pong.enqueue(buffer.data(), length);) wait.pause();
        }
        return 0;
    }
    if (args.size() == 4 && args[0] == "queue-send") {
        Queue queue = Queue::open_existing(args[1], true);
        ready();
        send_times(positive(args[2]), positive(args[3]), [&](const std::byte* message) {
            for (Waiter wait; !queue.enqueue(message, time_bytes);) wait.pause();
        });
        return 0;
    }
    if (args.size() == 5 && args[0] == "stream-send") {
        StreamWriter stream(OpenOrCreate{}, args[1], positive(args[2]), true);
        ready();
        send_times(positive(args[3]), positive(args[4]),
                   [&](const std::byte* message) {
                       stream.write(StreamType::string, message, time_bytes);
                       await_ack([&] { return stream.is_message_read(); });
                   });
        return 0;
    }
    if (args.size() == 6 && args[0] == "floor-queue-send") {
        floor::Queue queue = floor::Queue::open(args[1], static_cast<std::uint32_t>(positive(args[2])),
                                                static_cast<std::uint32_t>(positive(args[3])));
        ready();
        send_times(positive(args[4]), positive(args[5]), [&](const std::byte* message) {
            for (Waiter wait; !queue.enqueue(message, time_bytes);) wait.pause();
        });
        return 0;
    }
    if (args.size() == 5 && args[0] == "floor-stream-send") {
        floor::Stream stream = floor::Stream::open(args[1], positive(args[2]));
        ready();
        send_times(positive(args[3]), positive(args[4]), [&](const std::byte* message) {
            stream.write(static_cast<std::uint8_t>(StreamType::string), message, time_bytes);
            await_ack([&] { return stream.message_read(); });
        });
        return 0;
    }
    std::fprintf(stderr,
                 "usage: lsm-bench peer queue-drain QUEUE | queue-echo PING PONG | queue-send QUEUE COUNT GAP_MS\n"
                 "                      | stream-send STREAM SIZE COUNT GAP_MS\n"
                 "                      | floor-queue-send QUEUE CAPACITY MAX_MESSAGE COUNT GAP_MS\n"
                 "                      | floor-stream-send STREAM SIZE COUNT GAP_MS\n");
    return 1;
}

}  // namespace lsm::bench
