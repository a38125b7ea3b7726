// libFuzzer target: every queue operation on a segment a hostile peer wrote (header and slots).
// Each must end in a result or an lsm::Error — never a crash, never an access outside the mapping.
//
// Two handles meet the hostile bytes: one opened before they were written (it keeps the geometry
// it validated then, and must re-check the header on every call), and one opened afterwards
// without a geometry (open_existing: the header must fit the segment's real size).
// Control bits: 1 = restore the pre-opened geometry, so that count, indices and slot lengths are
// what stands between the fuzzer and memory; 2 = take the lock words as given (else cleared).
#include <chrono>
#include <cstring>
#include <optional>
#include <span>
#include <vector>

#include "fuzz_segment_fixture.hpp"
#include "lsm/queue.hpp"
#include "lsm/queue_layout.hpp"

namespace {

using lsm::fuzz::attempt;
using lsm::fuzz::Input;
namespace layout = lsm::queue_layout;

// A segment of whole pages holding a queue whose slot lengths are not 4-byte aligned.
struct Side {
    Side(std::size_t bytes, std::uint32_t capacity, std::uint32_t max_message_size)
        : segment(bytes), capacity(capacity), max_message_size(max_message_size) {
        restore_geometry();
        opened.emplace(lsm::Queue::open(segment.name(), capacity, max_message_size, true));
        opened->set_lock_timeout(std::chrono::nanoseconds(0));  // a held lock word fails fast
    }
    void restore_geometry() {
        segment.put32(layout::capacity_offset, capacity);
        segment.put32(layout::max_message_size_offset, max_message_size);
    }
    lsm::fuzz::HostileSegment segment;
    std::uint32_t capacity;
    std::uint32_t max_message_size;
    std::optional<lsm::Queue> opened;
};

void every_operation(lsm::Queue& queue, const Input& input) {
    queue.set_lock_timeout(std::chrono::nanoseconds(0));
    const std::size_t length = input.tail_number() % (queue.max_message_size() + 8);  // sometimes too large
    std::vector<std::byte> message(length, std::byte{0x42});
    attempt([&] { (void)queue.size(); });
    attempt([&] { (void)queue.peek(); });
    attempt([&] {
        std::byte small[8];
        (void)queue.receive(false, std::span<std::byte>(small, sizeof small));
    });
    attempt([&] { (void)queue.receive(true, std::span<std::byte>()); });
    attempt([&] { (void)queue.dequeue(); });
    attempt([&] { (void)queue.enqueue(message.data(), message.size()); });
    attempt([&] { (void)queue.enqueue(nullptr, 0); });
    attempt([&] { (void)queue.peek(); });
    attempt([&] {
        std::vector<std::byte> room(queue.max_message_size());
        (void)queue.receive(true, std::span<std::byte>(room));
    });
    attempt([&] { (void)queue.is_stale(); });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Side one(lsm::fuzz::page, 3, 1301);       // 28 + 3 × 1305 = 3943 bytes used
    static Side two(2 * lsm::fuzz::page, 7, 1101);   // 28 + 7 × 1105 = 7763 bytes used
    const Input input = lsm::fuzz::split(data, size);
    Side& side = input.two_pages() ? two : one;
    side.segment.fill(input);
    if (input.bit(1)) side.restore_geometry();
    if (!input.bit(2)) {
        side.segment.put32(layout::producer_lock_offset, 0);
        side.segment.put32(layout::consumer_lock_offset, 0);
    }
    every_operation(*side.opened, input);
    attempt([&] {
        lsm::Queue queue = lsm::Queue::open_existing(side.segment.name(), true);
        every_operation(queue, input);
    });
    return 0;
}
