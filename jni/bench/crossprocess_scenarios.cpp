// Cross-process scenarios, both processes native (the JMH CrossProcessBenchmark):
// queue_spsc_crossprocess_64 (this process produces, "lsm-bench peer queue-drain" consumes)
// and pingpong_native_native (a 64 B message to "lsm-bench peer queue-echo" and back; every
// round trip is timed and halved into the one-way p50 and p99).
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <span>
#include <stdexcept>
#include <string>

#include "harness.hpp"
#include "lsm/queue.hpp"

namespace lsm::bench {
namespace {

constexpr std::uint32_t message_size = 64;

// Starts "lsm-bench peer ARGS" (this same executable) and waits for its "ready".
class Peer {
public:
    explicit Peer(const std::string& args) {
        char self[4096];
        const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
        if (n <= 0) throw std::runtime_error("cannot find /proc/self/exe");
        self[n] = '\0';
        std::string command = "'";
        command.append(self).append("' peer ").append(args);
        pipe_ = ::popen(command.c_str(), "r");
        if (pipe_ == nullptr) throw std::runtime_error("cannot start the peer");
        char line[64] = {};
        if (std::fgets(line, sizeof line, pipe_) == nullptr || std::string(line) != "ready\n")
            throw std::runtime_error("the peer did not start");
    }
    // Sends the stop message (an empty one) and waits for the peer to exit.
    void stop(Queue& queue) {
        for (Waiter wait; !queue.enqueue(nullptr, 0);) wait.pause();
        ::pclose(pipe_);
        pipe_ = nullptr;
    }
    ~Peer() {
        if (pipe_ != nullptr) ::pclose(pipe_);
    }

private:
    FILE* pipe_ = nullptr;
};

void crossprocess_family(const Settings& settings, const std::function<bool(const std::string&)>& selected) {
    if (selected("queue_spsc_crossprocess_64")) {
        const std::string name = unique_name("xdrain");
        Queue queue = Queue::create(name, 1024, message_size, false);
        Peer peer("queue-drain " + name);
        const std::array<std::byte, message_size> message{};
        threads(settings, "queue_spsc_crossprocess_64", {{1, true, [&](int, const std::atomic<bool>& stop) {
                                                              for (Waiter wait;;) {
                                                                  if (queue.enqueue(message.data(), message.size())) return true;
                                                                  if (stop.load(std::memory_order_relaxed)) return false;
                                                                  wait.pause();
                                                              }
                                                          }}});
        peer.stop(queue);
    }
    if (selected("pingpong_native_native")) {
        const std::string ping_name = unique_name("ping");
        const std::string pong_name = unique_name("pong");
        Queue ping = Queue::create(ping_name, 16, message_size, false);
        Queue pong = Queue::create(pong_name, 16, message_size, false);
        Peer peer("queue-echo " + ping_name + " " + pong_name);
        const std::array<std::byte, message_size> message{};
        std::array<std::byte, message_size> into{};
        auto round_trip = [&] {
            for (Waiter wait; !ping.enqueue(message.data(), message.size());) wait.pause();
            for (Waiter wait; pong.receive(true, std::span<std::byte>(into)).status != Received::taken;)
                wait.pause();
        };
        // Warm-up as long as the other scenarios', then the samples.
        const auto warm_until = std::chrono::steady_clock::now() + settings.iteration_time * settings.warmup_iterations;
        while (std::chrono::steady_clock::now() < warm_until) round_trip();
        std::vector<double> one_way;
        one_way.reserve(settings.latency_samples);
        for (std::size_t i = 0; i < settings.latency_samples; ++i) {
            const auto start = std::chrono::steady_clock::now();
            round_trip();
            const auto end = std::chrono::steady_clock::now();
            one_way.push_back(static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count()) / 2.0);
        }
        peer.stop(ping);
        percentiles("pingpong_native_native", one_way);
    }
}

const Registration registration("crossprocess", crossprocess_family);

}  // namespace
}  // namespace lsm::bench
