// The other process of the wake-up scenarios (the JMH module's WaitingBenchmark):
//   queue-send QUEUE COUNT GAP_MS                          senders: COUNT times, sleep GAP_MS, then send
//   stream-send STREAM SIZE COUNT GAP_MS                   this process's CLOCK_MONOTONIC time (8 bytes)
//   floor-queue-send QUEUE CAPACITY MAX_MESSAGE COUNT GAP_MS   the same with the wire steps alone
//   floor-stream-send STREAM SIZE COUNT GAP_MS             (floor.hpp): a C++ library peer, which wakes nobody
//   has-native-wait                                        exit status 0 when the C ABI has a blocking wait
//   stream-wait STREAM SIZE COUNT WARMUP                   a native waiter: "samples TAB ns..." of COUNT wake-ups
//   stream-idle STREAM SIZE MILLIS                         one idle wait: "idle TAB thread CPU ns TAB wall ns"
// The native waiters use lsm_stream_reader_wait_new_data, when lsm_c.h has it (LSM_WAIT_READY).
#include <time.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <thread>
#include <vector>

#include "floor.hpp"
#include "harness.hpp"
#include "lsm/queue.hpp"
#include "lsm/stream.hpp"
#include "lsm_c.h"
#include "peer.hpp"

namespace lsm::bench {

const char* const wakeup_peer_usage =
    "queue-send QUEUE COUNT GAP_MS | stream-send STREAM SIZE COUNT GAP_MS\n"
    "                      | floor-queue-send QUEUE CAPACITY MAX_MESSAGE COUNT GAP_MS | floor-stream-send STREAM SIZE COUNT GAP_MS\n"
    "                      | has-native-wait | stream-wait STREAM SIZE COUNT WARMUP | stream-idle STREAM SIZE MILLIS";

namespace {

constexpr std::uint32_t time_bytes = 8;

// A count or size argument; exits with a message when it is not a number (or 0, unless allowed).
unsigned long number(const std::string& arg, bool zero_allowed = false) {
    char* end = nullptr;
    const unsigned long n = std::strtoul(arg.c_str(), &end, 10);
    if (arg.empty() || *end != '\0' || (n == 0 && !zero_allowed)) {
        std::fprintf(stderr, "lsm-bench peer: %s is not a %s number\n", arg.c_str(), zero_allowed ? "" : "positive");
        std::exit(1);
    }
    return n;
}

// CLOCK_MONOTONIC in ns: the same clock as System.nanoTime() on Linux.
std::int64_t monotonic_ns() {
    timespec now{};
    ::clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

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

// `count` times: sleep `gap_ms`, then send() the time (8 bytes, little-endian on every target),
// taken just before the send.
template <typename Send>
void send_times(unsigned long count, unsigned long gap_ms, Send&& send) {
    for (unsigned long i = 0; i < count; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(gap_ms));
        const std::int64_t ns = monotonic_ns();
        static_assert(sizeof ns == time_bytes);
        std::array<std::byte, time_bytes> message{};
        std::memcpy(message.data(), &ns, time_bytes);
        send(message.data());
    }
}

#ifdef LSM_WAIT_READY
// A C ABI reader of an existing stream; exits with the library's message when it cannot open.
lsm_stream_reader* open_reader(const std::string& name, unsigned long size) {
    lsm_stream_reader* reader = lsm_stream_reader_open(name.c_str(), size, 1);
    if (reader == nullptr) {
        std::fprintf(stderr, "lsm-bench peer: cannot open %s: %s\n", name.c_str(), lsm_last_error_message());
        std::exit(2);
    }
    return reader;
}

// stream-wait: the native waiter of wait_wakeup_stream_await_java_native.
int stream_wait(const std::string& name, unsigned long size, unsigned long count, unsigned long warmup) {
    lsm_stream_reader* reader = open_reader(name, size);
    std::vector<std::int64_t> samples;
    samples.reserve(count);
    std::array<std::byte, 64> into{};
    peer_ready();
    for (unsigned long i = 0; i < warmup + count; ++i) {
        const int status = lsm_stream_reader_wait_new_data(reader, 5000);
        const std::int64_t returned = monotonic_ns();
        if (status != LSM_WAIT_READY) {
            std::fprintf(stderr, "lsm-bench peer: no write on %s within 5 s (%d)\n", name.c_str(), status);
            return 3;
        }
        if (lsm_stream_reader_read(reader, into.data(), into.size()) < static_cast<std::int64_t>(time_bytes)) {
            std::fprintf(stderr, "lsm-bench peer: a payload on %s without a send time\n", name.c_str());
            return 3;
        }
        lsm_stream_reader_mark_as_read(reader);
        std::int64_t sent = 0;
        std::memcpy(&sent, into.data(), time_bytes);
        if (i >= warmup) samples.push_back(returned - sent);
    }
    lsm_stream_reader_free(reader);
    std::printf("samples");
    for (const std::int64_t sample : samples) std::printf("\t%lld", static_cast<long long>(sample));
    std::printf("\n");
    return 0;
}

// stream-idle: one wait on a stream nobody writes; this thread's CPU time and the wall time.
int stream_idle(const std::string& name, unsigned long size, unsigned long millis) {
    lsm_stream_reader* reader = open_reader(name, size);
    peer_ready();
    timespec cpu_start{}, cpu_end{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu_start);
    const std::int64_t wall_start = monotonic_ns();
    const int status = lsm_stream_reader_wait_new_data(reader, static_cast<std::int64_t>(millis));
    const std::int64_t wall = monotonic_ns() - wall_start;
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu_end);
    lsm_stream_reader_free(reader);
    if (status != LSM_WAIT_TIMEOUT) {
        std::fprintf(stderr, "lsm-bench peer: the idle wait on %s ended with %d, not a timeout\n", name.c_str(), status);
        return 3;
    }
    const std::int64_t cpu = (cpu_end.tv_sec - cpu_start.tv_sec) * 1'000'000'000LL + (cpu_end.tv_nsec - cpu_start.tv_nsec);
    std::printf("idle\t%lld\t%lld\n", static_cast<long long>(cpu), static_cast<long long>(wall));
    return 0;
}
#endif

}  // namespace

std::optional<int> run_wakeup_peer(const std::vector<std::string>& args) {
    const std::string command = args.empty() ? "" : args[0];
    if (args.size() == 4 && command == "queue-send") {
        Queue queue = Queue::open_existing(args[1], true);
        peer_ready();
        send_times(number(args[2]), number(args[3]), [&](const std::byte* message) {
            for (Waiter wait; !queue.enqueue(message, time_bytes);) wait.pause();
        });
        return 0;
    }
    if (args.size() == 5 && command == "stream-send") {
        StreamWriter stream(OpenOrCreate{}, args[1], number(args[2]), true);
        peer_ready();
        send_times(number(args[3]), number(args[4]), [&](const std::byte* message) {
            stream.write(StreamType::string, message, time_bytes);
            await_ack([&] { return stream.is_message_read(); });
        });
        return 0;
    }
    if (args.size() == 6 && command == "floor-queue-send") {
        floor::Queue queue = floor::Queue::open(args[1], static_cast<std::uint32_t>(number(args[2])),
                                                static_cast<std::uint32_t>(number(args[3])));
        peer_ready();
        send_times(number(args[4]), number(args[5]), [&](const std::byte* message) {
            for (Waiter wait; !queue.enqueue(message, time_bytes);) wait.pause();
        });
        return 0;
    }
    if (args.size() == 5 && command == "floor-stream-send") {
        floor::Stream stream = floor::Stream::open(args[1], number(args[2]));
        peer_ready();
        send_times(number(args[3]), number(args[4]), [&](const std::byte* message) {
            stream.write(static_cast<std::uint8_t>(StreamType::string), message, time_bytes);
            await_ack([&] { return stream.message_read(); });
        });
        return 0;
    }
#ifdef LSM_WAIT_READY
    if (args.size() == 1 && command == "has-native-wait") return 0;
    if (args.size() == 5 && command == "stream-wait")
        return stream_wait(args[1], number(args[2]), number(args[3]), number(args[4], true));
    if (args.size() == 4 && command == "stream-idle") return stream_idle(args[1], number(args[2]), number(args[3]));
#else
    if (args.size() == 1 && command == "has-native-wait") return 1;
#endif
    return std::nullopt;
}

}  // namespace lsm::bench
