// Open-or-create commands: many peers started at once race to open or create one object.
// Each prints "created" or "opened", then leaves a trace of itself in the object, so that
// the test can tell that all of them ended on the same one.
//
// --at EPOCH_MS: sleep until that wall-clock time first, so that peers started one after the
// other call open_or_create together.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

#include "commands.hpp"
#include "lsm/queue.hpp"
#include "lsm/segment.hpp"
#include "lsm/stream.hpp"

namespace lsm::peer {
namespace {

void wait_for_start(const Args& args) {
    const std::string at = option(args, "--at", "");
    if (at.empty()) return;
    std::this_thread::sleep_until(std::chrono::system_clock::time_point(std::chrono::milliseconds(std::stoll(at))));
}

void print_outcome(bool created) {
    std::printf("%s\n", created ? "created" : "opened");
    std::fflush(stdout);
}

std::uint32_t u32(const Args& args, std::size_t index, const char* what) {
    const std::size_t value = size_arg(args, index, what);
    if (value > 0xFFFFFFFFu) throw UsageError{std::string(what) + " does not fit 32 bits"};
    return static_cast<std::uint32_t>(value);
}

// segment-open-or-create NAME SIZE [--at EPOCH_MS]: adds 1 to the uint32 at offset 0.
int segment(const Args& args) {
    wait_for_start(args);
    Segment segment = Segment::open_or_create(arg(args, 0, "NAME"), size_arg(args, 1, "SIZE"), true);
    print_outcome(segment.created());
    if (segment.size() < sizeof(std::uint32_t)) throw UsageError{"SIZE must be at least 4"};
    std::atomic_ref<std::uint32_t>(*reinterpret_cast<std::uint32_t*>(segment.data())).fetch_add(1);
    return 0;
}

// queue-open-or-create NAME CAPACITY MAXSIZE MESSAGE [--at EPOCH_MS]: enqueues MESSAGE
// (exit 3 when the queue is full).
int queue(const Args& args) {
    wait_for_start(args);
    Queue queue = Queue::open_or_create(arg(args, 0, "NAME"), u32(args, 1, "CAPACITY"), u32(args, 2, "MAXSIZE"), true);
    print_outcome(queue.created());
    const std::string& message = arg(args, 3, "MESSAGE");
    return queue.enqueue(message.data(), message.size()) ? 0 : 3;
}

// stream-open-or-create NAME SIZE TEXT [--at EPOCH_MS]: writes TEXT as a string.
int stream(const Args& args) {
    wait_for_start(args);
    StreamWriter writer(OpenOrCreate{}, arg(args, 0, "NAME"), size_arg(args, 1, "SIZE"), true);
    print_outcome(writer.created());
    const std::string& text = arg(args, 2, "TEXT");
    writer.write(StreamType::string, text.data(), text.size());
    return 0;
}

const Registration registrations[] = {
    {"segment-open-or-create", {"segment-open-or-create NAME SIZE [--at EPOCH_MS]", segment}},
    {"queue-open-or-create", {"queue-open-or-create NAME CAPACITY MAXSIZE MESSAGE [--at EPOCH_MS]", queue}},
    {"stream-open-or-create", {"stream-open-or-create NAME SIZE TEXT [--at EPOCH_MS]", stream}},
};

}  // namespace
}  // namespace lsm::peer
