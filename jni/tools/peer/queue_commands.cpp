// Queue commands (WIRE.md §3): an existing C++ program that produces or consumes on a queue
// another process created.
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "commands.hpp"
#include "lsm/queue.hpp"

namespace lsm::peer {
namespace {

using Clock = std::chrono::steady_clock;
constexpr auto stall_limit = std::chrono::seconds(60);  // no progress for this long: give up

std::uint32_t u32_arg(const Args& args, std::size_t index, const char* what) {
    const std::size_t value = size_arg(args, index, what);
    if (value > 0xFFFFFFFFu) throw UsageError{std::string(what) + " does not fit 32 bits"};
    return static_cast<std::uint32_t>(value);
}

// Waits a little: spin, then yield, then sleep (as the Java side's Backoff).
void back_off(unsigned round) {
    if (round < 64) return;
    if (round < 192) {
        std::this_thread::yield();
        return;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(50));
}

// queue-create NAME CAPACITY MAXSIZE [--transient]: creates the queue, then exits.
int create(const Args& args) {
    Queue queue = Queue::create(arg(args, 0, "NAME"), u32_arg(args, 1, "CAPACITY"), u32_arg(args, 2, "MAXSIZE"),
                                !has_flag(args, "--transient"));
    std::printf("created %s %u %u\n", queue.name().c_str(), queue.capacity(), queue.max_message_size());
    return 0;
}

// queue-enqueue NAME TEXT...: one message per TEXT; exit 3 when the queue is full.
int enqueue(const Args& args) {
    Queue queue = Queue::open_existing(arg(args, 0, "NAME"), true);
    for (std::size_t i = 1; i < args.size(); ++i)
        if (!queue.enqueue(args[i].data(), args[i].size())) return 3;
    return 0;
}

// queue-dequeue NAME COUNT: prints COUNT messages, one per line; exit 3 when it runs empty.
int dequeue(const Args& args) {
    Queue queue = Queue::open_existing(arg(args, 0, "NAME"), true);
    const std::size_t count = size_arg(args, 1, "COUNT");
    for (std::size_t i = 0; i < count; ++i) {
        const auto message = queue.dequeue();
        if (!message) return 3;
        print_bytes(message->data(), message->size());
        print_bytes("\n", 1);
    }
    return 0;
}

// queue-produce NAME PRODUCER_ID COUNT: enqueues "<id>:<seq>" for seq 0..COUNT-1, waiting while full.
int produce(const Args& args) {
    Queue queue = Queue::open_existing(arg(args, 0, "NAME"), true);
    const std::string id = arg(args, 1, "PRODUCER_ID");
    const std::size_t count = size_arg(args, 2, "COUNT");
    for (std::size_t seq = 0; seq < count; ++seq) {
        const std::string message = id + ":" + std::to_string(seq);
        auto last_progress = Clock::now();
        for (unsigned round = 0; !queue.enqueue(message.data(), message.size()); ++round) {
            if ((round & 255) == 255 && Clock::now() - last_progress > stall_limit) {
                std::fprintf(stderr, "lsm-peer: queue stayed full for 60 s at %s\n", message.c_str());
                return 3;
            }
            back_off(round);
        }
    }
    return 0;
}

// queue-consume NAME OUTFILE: dequeues until the message "stop", writing each message as a line.
int consume(const Args& args) {
    Queue queue = Queue::open_existing(arg(args, 0, "NAME"), true);
    const std::string path = arg(args, 1, "OUTFILE");
    std::FILE* out = std::fopen(path.c_str(), "w");
    if (out == nullptr) throw UsageError{"cannot write " + path};
    std::vector<std::byte> buffer(queue.max_message_size());
    int exit_code = 0;
    for (;;) {
        auto last_progress = Clock::now();
        lsm::ReceiveResult result{};
        for (unsigned round = 0;; ++round) {
            result = queue.receive(true, std::span<std::byte>(buffer));
            if (result.status != Received::empty) break;
            if ((round & 255) == 255 && Clock::now() - last_progress > stall_limit) break;
            back_off(round);
        }
        if (result.status != Received::taken) {
            std::fprintf(stderr, "lsm-peer: queue stayed empty for 60 s\n");
            exit_code = 3;
            break;
        }
        const std::string message(reinterpret_cast<const char*>(buffer.data()), result.length);
        if (message == "stop") break;
        std::fputs(message.c_str(), out);
        std::fputc('\n', out);
    }
    std::fclose(out);
    return exit_code;
}

const Registration registrations[] = {
    {"queue-create", {"queue-create NAME CAPACITY MAXSIZE [--transient]", create}},
    {"queue-enqueue", {"queue-enqueue NAME TEXT...", enqueue}},
    {"queue-dequeue", {"queue-dequeue NAME COUNT", dequeue}},
    {"queue-produce", {"queue-produce NAME PRODUCER_ID COUNT", produce}},
    {"queue-consume", {"queue-consume NAME OUTFILE", consume}},
};

}  // namespace
}  // namespace lsm::peer
