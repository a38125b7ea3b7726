// Commands that take a lock and stop in the middle of an operation, so that a test can kill
// the process there (SIGKILL) and show that the others recover: the dead-lock-holder tests.
//
// They work on the raw segment with the layouts of WIRE.md, doing by hand exactly the steps
// of a write, an enqueue or a dequeue up to the point named, then print "holding" and sleep.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "commands.hpp"
#include "lsm/error.hpp"
#include "lsm/queue_layout.hpp"
#include "lsm/segment.hpp"
#include "lsm/spin_lock.hpp"
#include "lsm/stream_layout.hpp"

namespace lsm::peer {
namespace {

// Takes the lock word as one of our processes (token) or, with --upstream, as a C++
// libsharedmemory process would (1), waiting at most 10 s.
void take(std::uint32_t* word, bool upstream, const char* what, const std::string& name) {
    if (!upstream) {
        SpinLock(word, what, &name).lock(std::chrono::seconds(10));
        return;
    }
    std::atomic_ref<std::uint32_t> lock(*word);
    for (int i = 0; i < 100000; ++i) {
        std::uint32_t expected = 0;
        if (lock.compare_exchange_strong(expected, 1, std::memory_order_acquire)) return;
        std::this_thread::sleep_for(std::chrono::microseconds(100));
    }
    throw Error(ErrorCode::timeout, std::string(what) + " stayed held");
}

[[noreturn]] void hold() {
    std::printf("holding\n");
    std::fflush(stdout);
    std::this_thread::sleep_for(std::chrono::seconds(60));  // the test kills us long before
    std::_Exit(5);
}

std::uint32_t u32(const std::byte* at) {
    std::uint32_t v;
    std::memcpy(&v, at, 4);
    return v;
}

void put_u32(std::byte* at, std::uint32_t v) { std::memcpy(at, &v, 4); }

// stream-hold-lock NAME SIZE [--upstream]: takes the stream lock, marks a write in progress
// (not with --upstream: upstream has no mark), overwrites the first half of the current
// payload with 'Z', prints "holding" and sleeps: a writer dying mid-copy.
int stream_hold_lock(const Args& args) {
    namespace layout = stream_layout;
    const std::string name = arg(args, 0, "NAME");
    Segment segment = Segment::open(name, size_arg(args, 1, "SIZE"), true);
    const bool upstream = has_flag(args, "--upstream");
    std::byte* base = segment.data();
    take(reinterpret_cast<std::uint32_t*>(base + layout::lock_offset), upstream, "stream lock", name);
    if (!upstream) std::atomic_ref<std::uint8_t>(*reinterpret_cast<std::uint8_t*>(base + layout::write_mark_offset))
                       .store(layout::write_mark, std::memory_order_relaxed);
    std::size_t size = u32(base + layout::size_offset);
    if (size > layout::max_payload(segment.size())) size = layout::max_payload(segment.size());
    std::memset(base + layout::data_offset, 'Z', size / 2);
    hold();
}

// queue-hold NAME producer|consumer [TEXT] [--stage slot|index] [--upstream]: takes the
// producer (consumer) lock and does an enqueue of TEXT (a dequeue) up to:
//   slot   the slot is written (read), no index moved;
//   index  (default) writeIndex (readIndex) moved too, count not yet updated;
// then prints (a consumer: the message it read, then) "holding" and sleeps.
int queue_hold(const Args& args) {
    namespace layout = queue_layout;
    const std::string name = arg(args, 0, "NAME");
    const std::string side = arg(args, 1, "producer|consumer");
    const std::string text = args.size() > 2 && args[2].rfind("--", 0) != 0 ? args[2] : "half";
    const bool index_stage = option(args, "--stage", "index") == "index";
    const bool upstream = has_flag(args, "--upstream");
    Segment segment = Segment::open_existing(name, true);
    std::byte* base = segment.data();
    const std::uint32_t capacity = u32(base + layout::capacity_offset);
    const std::uint32_t max_size = u32(base + layout::max_message_size_offset);
    const auto needed = layout::segment_size(capacity, max_size);
    if (capacity == 0 || !needed || *needed > segment.size()) throw Error(ErrorCode::corrupt, "bad queue header");
    if (side == "producer") {
        take(reinterpret_cast<std::uint32_t*>(base + layout::producer_lock_offset), upstream, "queue producer lock",
             name);
        const std::uint32_t count = u32(base + layout::count_offset);
        const std::uint32_t w = u32(base + layout::write_index_offset);
        if (count >= capacity || w >= capacity || text.size() > max_size) throw Error(ErrorCode::corrupt, "cannot enqueue");
        std::byte* slot = base + layout::slot_offset(w, max_size);
        put_u32(slot, static_cast<std::uint32_t>(text.size()));
        std::memcpy(slot + layout::slot_length_size, text.data(), text.size());
        if (index_stage) put_u32(base + layout::write_index_offset, (w + 1) % capacity);
        hold();
    }
    if (side == "consumer") {
        take(reinterpret_cast<std::uint32_t*>(base + layout::consumer_lock_offset), upstream, "queue consumer lock",
             name);
        const std::uint32_t count = u32(base + layout::count_offset);
        const std::uint32_t r = u32(base + layout::read_index_offset);
        if (count == 0 || r >= capacity) throw Error(ErrorCode::corrupt, "nothing to dequeue");
        const std::byte* slot = base + layout::slot_offset(r, max_size);
        std::uint32_t length = u32(slot);
        if (length > max_size) length = max_size;
        const std::string message(reinterpret_cast<const char*>(slot + layout::slot_length_size), length);
        if (index_stage) put_u32(base + layout::read_index_offset, (r + 1) % capacity);
        std::printf("%s\n", message.c_str());
        hold();
    }
    throw UsageError{"the side must be producer or consumer, not " + side};
}

const Registration registrations[] = {
    {"stream-hold-lock", {"stream-hold-lock NAME SIZE [--upstream]", stream_hold_lock}},
    {"queue-hold", {"queue-hold NAME producer|consumer [TEXT] [--stage slot|index] [--upstream]", queue_hold}},
};

}  // namespace
}  // namespace lsm::peer
