// lsm_*_close on another thread ends a call that waits for a lock which nothing else would
// free (an upstream holder: value 1): the waiter fails with LSM_ERR_CLOSED long before its
// 10-minute lock timeout, and close returns.
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "c_fixtures.hpp"

using lsm::test::CQueue;
using lsm::test::CStream;
using lsm::test::put_u32;

namespace {
constexpr std::int64_t ten_minutes_ms = 10 * 60 * 1000;

// What a waiting call ended with: its result and lsm_last_error() on its thread.
struct Ending {
    std::int64_t result;
    int error;
};

// Runs `call` on a thread of its own (detached: should the fix fail, the test fails instead of
// hanging), lets it reach its lock wait, closes with `close` and returns how the call ended.
// False when the call or the close did not end within 20 s.
bool close_ends(const std::function<std::int64_t()>& call, const std::function<void()>& close, Ending& ending) {
    auto waiter = std::make_shared<std::promise<Ending>>();
    std::future<Ending> ended = waiter->get_future();
    std::thread([waiter, call] { waiter->set_value(Ending{call(), lsm_last_error()}); }).detach();
    if (ended.wait_for(std::chrono::milliseconds(200)) != std::future_status::timeout) return false;  // did not wait
    auto closer = std::make_shared<std::promise<void>>();
    std::future<void> closed = closer->get_future();
    std::thread([closer, close] {
        close();
        closer->set_value();
    }).detach();
    if (closed.wait_for(std::chrono::seconds(20)) != std::future_status::ready) return false;
    if (ended.wait_for(std::chrono::seconds(20)) != std::future_status::ready) return false;
    ending = ended.get();
    return true;
}
}  // namespace

LSM_TEST("c_close_ends_wait", queue_close_ends_enqueue_and_dequeue_waits) {
    for (std::size_t lock_offset : {std::size_t{20}, std::size_t{24}}) {  // producer, consumer lock
        CQueue fixture("cqclose", 4, 8);
        lsm_queue* queue = fixture.queue;
        REQUIRE(lsm_queue_enqueue(queue, "m", 1) == 1);
        lsm_queue_set_lock_timeout_ms(queue, static_cast<uint32_t>(ten_minutes_ms));
        put_u32(fixture.raw(), lock_offset, 1);
        Ending ending{};
        const bool ended = close_ends(
            [&]() -> std::int64_t {
                if (lock_offset == 20) return lsm_queue_enqueue(queue, "x", 1);
                char buffer[8];
                size_t length = 0;
                return lsm_queue_dequeue(queue, buffer, sizeof buffer, &length);
            },
            [&] { lsm_queue_close(queue); }, ending);
        if (!ended) fixture.leak();
        REQUIRE(ended);
        CHECK_EQ(ending.result, -1);
        CHECK_EQ(ending.error, LSM_ERR_CLOSED);
    }
}

LSM_TEST("c_close_ends_wait", stream_close_ends_write_and_read_waits) {
    CStream fixture("csclose", 64);
    lsm_stream_writer* writer = fixture.writer;
    lsm_stream_reader* reader = fixture.reader;
    lsm_stream_writer_set_lock_timeout_ms(writer, ten_minutes_ms);
    lsm_stream_reader_set_lock_timeout_ms(reader, ten_minutes_ms);
    put_u32(fixture.raw(), 16, 1);
    Ending written{};
    const bool write_ended =
        close_ends([&]() -> std::int64_t { return lsm_stream_writer_write(writer, LSM_STREAM_STRING, "hi", 2); },
                   [&] { lsm_stream_writer_close(writer); }, written);
    if (!write_ended) fixture.leak();
    REQUIRE(write_ended);
    CHECK_EQ(written.result, -1);
    CHECK_EQ(written.error, LSM_ERR_CLOSED);
    Ending read{};
    const bool read_ended = close_ends(
        [&]() -> std::int64_t {
            char buffer[64];
            return lsm_stream_reader_read(reader, buffer, sizeof buffer);
        },
        [&] { lsm_stream_reader_close(reader); }, read);
    if (!read_ended) fixture.leak();
    REQUIRE(read_ended);
    CHECK_EQ(read.result, -1);
    CHECK_EQ(read.error, LSM_ERR_CLOSED);
}
