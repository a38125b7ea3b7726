// libFuzzer target: every queue operation on a segment a hostile peer wrote (header and slots).
// Each must end in a result or an lsm::Error — never a crash, never an access outside the mapping.
#include <chrono>
#include <cstddef>
#include <span>

#include "fuzz_segment_fixture.hpp"
#include "lsm/error.hpp"
#include "lsm/queue.hpp"

namespace {
template <typename Operation>
void attempt(Operation&& operation) {
    try {
        operation();
    } catch (const lsm::Error&) {
        // a clear error is an acceptable outcome for a hostile segment
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const lsm::fuzz::Filled hostile = lsm::fuzz::fixture().fill(data, size);
    attempt([&] {
        lsm::Queue queue = lsm::Queue::open_existing(hostile.name, true);
        queue.set_lock_timeout(std::chrono::nanoseconds(0));  // a held lock word fails fast
        attempt([&] { (void)queue.size(); });
        attempt([&] { (void)queue.peek(); });
        attempt([&] {
            std::byte small[8];
            (void)queue.receive(false, std::span<std::byte>(small, sizeof small));
        });
        attempt([&] { (void)queue.dequeue(); });
        attempt([&] {
            const char message[] = "fuzz";
            (void)queue.enqueue(message, sizeof message);
        });
        attempt([&] { (void)queue.dequeue(); });
    });
    return 0;
}
