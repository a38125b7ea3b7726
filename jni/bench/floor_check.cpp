// lsm-bench --check-floor (ctest bench_floor_wire): the floor speaks the same format as the core,
// both ways, so its rows time real work: a floor write is read by a core reader and a core
// write by a floor reader; a floor enqueue is dequeued by the core and the other way round,
// across the ring's wrap.
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "floor.hpp"
#include "harness.hpp"
#include "lsm/queue.hpp"
#include "lsm/stream.hpp"

namespace lsm::bench {

namespace {
int failures = 0;

void expect(bool ok, const char* what) {
    if (!ok) {
        std::fprintf(stderr, "floor check failed: %s\n", what);
        ++failures;
    }
}
}  // namespace

int check_floor() {
    const std::string stream_name = unique_name("floorcheck");
    {
        floor::Stream writer = floor::Stream::create(stream_name, 20 + 64);
        StreamReader core_reader(stream_name, 20 + 64, true);
        writer.write(2, "floor", 5);
        expect(core_reader.read_string() == "floor", "core reads the floor's write");
        expect(core_reader.has_new_data(), "the floor's write counts as a revision");
        expect((core_reader.flags() & ~1u) == 2, "the floor writes the string type bit");
        StreamWriter core_writer(unique_name("floorcheck"), 20 + 64, false);
        floor::Stream reader = floor::Stream::open(core_writer.name(), 20 + 64);
        core_writer.write(StreamType::string, "core!!", 6);
        char into[64];
        expect(reader.read(into) == 6 && std::memcmp(into, "core!!", 6) == 0, "the floor reads the core's write");
    }
    const std::string queue_name = unique_name("floorcheckq");
    {
        floor::Queue floor_queue = floor::Queue::create(queue_name, 3, 16);
        Queue core_queue = Queue::open(queue_name, 3, 16, true);
        for (int round = 0; round < 5; ++round) {  // past the wrap of a 3-slot ring
            const std::string message = std::string("m").append(std::to_string(round));
            expect(floor_queue.enqueue(message.data(), static_cast<std::uint32_t>(message.size())), "floor enqueue");
            const auto got = core_queue.dequeue();
            expect(got && std::string(reinterpret_cast<const char*>(got->data()), got->size()) == message,
                   "the core dequeues the floor's message");
            expect(core_queue.enqueue(message.data(), message.size()), "core enqueue");
            char into[16];
            const std::int64_t length = floor_queue.dequeue(into);
            expect(length == static_cast<std::int64_t>(message.size()) && std::memcmp(into, message.data(), message.size()) == 0,
                   "the floor dequeues the core's message");
        }
        char into[16];
        expect(floor_queue.dequeue(into) == -1, "the floor reports an empty queue");
        for (int i = 0; i < 3; ++i) expect(floor_queue.enqueue("x", 1), "floor fills the queue");
        expect(!floor_queue.enqueue("x", 1), "the floor reports a full queue");
        expect(core_queue.size() == 3, "the core counts the floor's messages");
    }
    std::fprintf(stderr, "floor check: %s\n", failures == 0 ? "ok" : "FAILED");
    return failures == 0 ? 0 : 1;
}

}  // namespace lsm::bench
