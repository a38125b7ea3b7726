// libFuzzer target: every stream reader operation on a segment a hostile peer wrote.
// Each must end in a result or an lsm::Error — never a crash, never an access outside the mapping.
#include <chrono>
#include <vector>

#include "fuzz_segment_fixture.hpp"
#include "lsm/error.hpp"
#include "lsm/stream.hpp"

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
        lsm::StreamReader reader(hostile.name, hostile.size, true);
        reader.set_lock_timeout(std::chrono::nanoseconds(0));  // a held lock word fails fast
        attempt([&] { (void)reader.payload_size(); });
        attempt([&] { (void)reader.read_string(); });
        attempt([&] { (void)reader.read_floats(); });
        attempt([&] { (void)reader.read_doubles(); });
        attempt([&] {
            std::byte small[16];
            (void)reader.read_into(small, sizeof small);
        });
        attempt([&] {
            std::vector<std::byte> out;
            (void)reader.read_into(out);
        });
        (void)reader.flags();
        (void)reader.has_new_data();
        reader.mark_as_read();
    });
    return 0;
}
