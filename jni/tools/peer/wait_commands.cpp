// Sleeping waits and a C++-style (waking nobody) write: the native side of the wake-up tests.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <thread>

#include "commands.hpp"
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

const Registration registrations[] = {
    {"stream-sleep", {"stream-sleep NAME SIZE TIMEOUT_MS", stream_sleep}},
    {"stream-upstream-write", {"stream-upstream-write NAME SIZE TEXT", stream_upstream_write}},
};

}  // namespace
}  // namespace lsm::peer
