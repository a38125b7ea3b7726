// Sleeping waits, and writes and queues as the C++ library makes them (waking nobody): the
// native side of the wake-up tests.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "commands.hpp"
#include "lsm/queue.hpp"
#include "lsm/queue_layout.hpp"
#include "lsm/segment.hpp"
#include "lsm/stream.hpp"
#include "lsm/stream_layout.hpp"

namespace lsm::peer {
namespace {

// stream-sleep NAME SIZE TIMEOUT_MS: opens a reader, prints "ready", sleeps until a write wakes
// it (one slice of TIMEOUT_MS: nothing polls), prints the payload. Exit 3 when nothing arrived.
int stream_sleep(const Args& args) {
    StreamReader reader(arg(args, 0, "NAME"), size_arg(args, 1, "SIZE"), true);
    const std::chrono::milliseconds timeout(size_arg(args, 2, "TIMEOUT_MS"));
    std::printf("ready\n");
    std::fflush(stdout);
    if (!reader.wait_new_data(timeout, timeout)) return 3;
    const std::string payload = reader.read_string();
    print_bytes(payload.data(), payload.size());
    return 0;
}

// stream-upstream-write NAME SIZE TEXT: a write as libsharedmemory 2.0.0 does it (WIRE.md §2):
// lock 0 -> 1, flags, size, payload, revision += 1, unlock. No write mark, no wake-up.
int stream_upstream_write(const Args& args) {
    namespace layout = stream_layout;
    const std::string& text = arg(args, 2, "TEXT");
    Segment segment = Segment::open(arg(args, 0, "NAME"), size_arg(args, 1, "SIZE"), true);
    if (text.size() > layout::max_payload(segment.size())) throw UsageError{"TEXT does not fit"};
    std::byte* base = segment.data();
    auto word = [base](std::size_t offset) {
        return std::atomic_ref<std::uint32_t>(*reinterpret_cast<std::uint32_t*>(base + offset));
    };
    for (std::uint32_t free = 0; !word(layout::lock_offset).compare_exchange_weak(free, 1, std::memory_order_acquire);
         free = 0)
        std::this_thread::yield();
    auto flags = std::atomic_ref<std::uint8_t>(*reinterpret_cast<std::uint8_t*>(base + layout::flags_offset));
    const std::uint8_t old_flags = flags.load(std::memory_order_relaxed);
    flags.store(static_cast<std::uint8_t>(layout::type_string | ((old_flags & layout::change_bit) ^ layout::change_bit)),
                std::memory_order_relaxed);
    word(layout::size_offset).store(static_cast<std::uint32_t>(text.size()), std::memory_order_relaxed);
    std::memcpy(base + layout::data_offset, text.data(), text.size());
    word(layout::revision_offset).fetch_add(1, std::memory_order_release);
    word(layout::lock_offset).store(0, std::memory_order_release);
    std::printf("written\n");
    return 0;
}

std::atomic_ref<std::uint32_t> u32(std::byte* base, std::size_t offset) {
    return std::atomic_ref<std::uint32_t>(*reinterpret_cast<std::uint32_t*>(base + offset));
}

// queue-sleep NAME TIMEOUT_MS: opens the queue, prints "ready", sleeps until a message is there
// (one slice: nothing polls), dequeues and prints it. Exit 3 when none came.
int queue_sleep(const Args& args) {
    Queue queue = Queue::open_existing(arg(args, 0, "NAME"), true);
    const std::chrono::milliseconds timeout(size_arg(args, 1, "TIMEOUT_MS"));
    std::printf("ready\n");
    std::fflush(stdout);
    if (!queue.wait_not_empty(timeout, timeout)) return 3;
    const auto message = queue.dequeue();
    if (!message) return 3;
    print_bytes(message->data(), message->size());
    return 0;
}

// queue-sleep-room NAME TIMEOUT_MS: opens the queue, prints "ready", sleeps until it has room
// (one slice), enqueues "room" and prints it. Exit 3 when no room came.
int queue_sleep_room(const Args& args) {
    Queue queue = Queue::open_existing(arg(args, 0, "NAME"), true);
    const std::chrono::milliseconds timeout(size_arg(args, 1, "TIMEOUT_MS"));
    std::printf("ready\n");
    std::fflush(stdout);
    if (!queue.wait_not_full(timeout, timeout) || !queue.enqueue("room", 4)) return 3;
    std::printf("room");
    return 0;
}

// stream-sleep-ack NAME SIZE TIMEOUT_MS: opens the existing stream as a writer, prints "ready",
// sleeps until a reader acknowledged the latest write (one slice), prints "read". Exit 3: no ack.
int stream_sleep_ack(const Args& args) {
    StreamWriter writer(OpenOrCreate{}, arg(args, 0, "NAME"), size_arg(args, 1, "SIZE"), true);
    const std::chrono::milliseconds timeout(size_arg(args, 2, "TIMEOUT_MS"));
    std::printf("ready\n");
    std::fflush(stdout);
    if (!writer.wait_for_read(timeout, timeout)) return 3;
    std::printf("read");
    return 0;
}

// queue-upstream-create NAME CAPACITY MAXSIZE: a queue as libsharedmemory 2.0.0 creates it:
// exactly the ring (no wake block), every header field written.
int queue_upstream_create(const Args& args) {
    namespace layout = queue_layout;
    const auto capacity = static_cast<std::uint32_t>(size_arg(args, 1, "CAPACITY"));
    const auto max = static_cast<std::uint32_t>(size_arg(args, 2, "MAXSIZE"));
    const auto size = layout::segment_size(capacity, max);
    if (!size || capacity == 0 || max == 0) throw UsageError{"bad geometry"};
    Segment segment = Segment::create(arg(args, 0, "NAME"), *size, true);
    std::byte* base = segment.data();
    for (std::size_t offset : {layout::write_index_offset, layout::read_index_offset, layout::count_offset,
                               layout::producer_lock_offset, layout::consumer_lock_offset})
        u32(base, offset).store(0, std::memory_order_relaxed);
    u32(base, layout::capacity_offset).store(capacity, std::memory_order_relaxed);
    u32(base, layout::max_message_size_offset).store(max, std::memory_order_release);
    std::printf("created\n");
    return 0;
}

// queue-upstream-enqueue NAME TEXT: an enqueue as libsharedmemory 2.0.0 does it (WIRE.md §3):
// producerLock 0 -> 1, count check, slot, writeIndex, count += 1, unlock. Wakes nobody. Exit 3: full.
int queue_upstream_enqueue(const Args& args) {
    namespace layout = queue_layout;
    Segment segment = Segment::open_existing(arg(args, 0, "NAME"), true);
    const std::string& text = arg(args, 1, "TEXT");
    std::byte* base = segment.data();
    const std::uint32_t capacity = u32(base, layout::capacity_offset).load();
    const std::uint32_t max = u32(base, layout::max_message_size_offset).load();
    const auto size = layout::segment_size(capacity, max);
    if (!size || *size > segment.size() || text.size() > max) throw UsageError{"bad queue or TEXT too long"};
    for (std::uint32_t free = 0; !u32(base, layout::producer_lock_offset).compare_exchange_weak(free, 1, std::memory_order_acquire);
         free = 0)
        std::this_thread::yield();
    int exit = 3;
    if (u32(base, layout::count_offset).load(std::memory_order_acquire) < capacity) {
        const std::uint32_t index = u32(base, layout::write_index_offset).load() % capacity;
        std::byte* slot = base + layout::slot_offset(index, max);
        const auto length = static_cast<std::uint32_t>(text.size());
        std::memcpy(slot, &length, sizeof length);
        std::memcpy(slot + layout::slot_length_size, text.data(), text.size());
        u32(base, layout::write_index_offset).store((index + 1) % capacity);
        u32(base, layout::count_offset).fetch_add(1, std::memory_order_release);
        exit = 0;
    }
    u32(base, layout::producer_lock_offset).store(0, std::memory_order_release);
    return exit;
}

const Registration registrations[] = {
    {"queue-sleep", {"queue-sleep NAME TIMEOUT_MS", queue_sleep}},
    {"queue-sleep-room", {"queue-sleep-room NAME TIMEOUT_MS", queue_sleep_room}},
    {"queue-upstream-create", {"queue-upstream-create NAME CAPACITY MAXSIZE", queue_upstream_create}},
    {"queue-upstream-enqueue", {"queue-upstream-enqueue NAME TEXT", queue_upstream_enqueue}},
    {"stream-sleep", {"stream-sleep NAME SIZE TIMEOUT_MS", stream_sleep}},
    {"stream-sleep-ack", {"stream-sleep-ack NAME SIZE TIMEOUT_MS", stream_sleep_ack}},
    {"stream-upstream-write", {"stream-upstream-write NAME SIZE TEXT", stream_upstream_write}},
};

}  // namespace
}  // namespace lsm::peer
