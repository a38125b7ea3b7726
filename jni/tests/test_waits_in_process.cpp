// Sleeping waits (address_wait.hpp) within one process, where they sleep until woken (Linux futex,
// Windows semaphores): a thread is woken by a write, and close() ends a sleeping wait (its nudge).
// The slice is 60 s, so only a wake-up ends it early: the tests assert that the wait ended,
// within a bound far below the slice, never a time. (macOS waits poll: not here.)
#if defined(__linux__) || defined(_WIN32)

#include <chrono>
#include <future>

#include "c_abi_handles.hpp"
#include "check.hpp"
#include "lsm/stream.hpp"

using namespace std::chrono_literals;
using lsm::StreamReader;
using lsm::StreamType;
using lsm::StreamWriter;
using lsm::test::eventually;
using lsm::test::NameCleanup;
using lsm::test::unique_name;

namespace {
constexpr std::size_t segment_size = 64;
constexpr auto long_slice = 60s;
}  // namespace

LSM_TEST("waits_in_process", close_ends_a_sleeping_wait) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wakeclose"));
    StreamWriter writer(name, segment_size, true);
    lsm_stream_reader handle("stream", name, segment_size, true);
    auto ended = std::async(std::launch::async, [&] {
        try {
            handle.call([](StreamReader& reader) { return reader.wait_new_data(long_slice, long_slice); });
            return lsm::ErrorCode::io;  // returned: not what close should do
        } catch (const lsm::Error& e) {
            return e.code();
        }
    });
    REQUIRE(eventually([&] { return writer.revision_waiters() == 1; }));
    // close() returns only once the sleeping call has left: its nudge must end the sleep, long
    // before the slice would.
    auto closing = std::async(std::launch::async, [&] { handle.close(); });
    REQUIRE(closing.wait_for(20s) == std::future_status::ready);
    REQUIRE(ended.wait_for(20s) == std::future_status::ready);
    CHECK(ended.get() == lsm::ErrorCode::closed);
}

LSM_TEST("waits_in_process", a_thread_is_woken_and_waits_time_out) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wakethread"));
    StreamWriter writer(name, segment_size, true);
    StreamReader reader(name, segment_size, true);
    CHECK(!reader.wait_new_data(0ns));
    CHECK(!reader.wait_new_data(5ms, 1ms));
    auto woken = std::async(std::launch::async, [&] { return reader.wait_new_data(long_slice, long_slice); });
    REQUIRE(eventually([&] { return writer.revision_waiters() == 1; }));
    writer.write(StreamType::string, "b", 1);
    REQUIRE(woken.wait_for(20s) == std::future_status::ready);
    CHECK(woken.get());
    CHECK(reader.wait_new_data(0ns));  // still unread
    CHECK(!writer.wait_for_read(0ns));
    reader.mark_as_read();
    CHECK(writer.wait_for_read(0ns));
}

#endif
