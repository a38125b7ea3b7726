// lsm_*_close on another thread ends a call that waits for a lock which nothing else would
// free (an upstream holder: value 1): the waiter fails with LSM_ERR_CLOSED long before its
// 10-minute lock timeout, and close returns.
#include <chrono>
#include <cstring>
#include <functional>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include "check.hpp"
#include "lsm_c.h"

using lsm::test::NameCleanup;
using lsm::test::unique_name;

namespace {
constexpr std::int64_t ten_minutes_ms = 10 * 60 * 1000;

void put_u32(lsm_memory* raw, std::size_t offset, uint32_t value) {
    std::memcpy(static_cast<char*>(lsm_data(raw)) + offset, &value, 4);
}

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
    NameCleanup cleanup;
    for (std::size_t lock_offset : {std::size_t{20}, std::size_t{24}}) {  // producer, consumer lock
        const auto name = cleanup.add(unique_name("cqclose"));
        lsm_queue* queue = lsm_queue_create(name.c_str(), 4, 8, 1);
        REQUIRE(queue != nullptr);
        REQUIRE(lsm_queue_enqueue(queue, "m", 1) == 1);
        lsm_memory* raw = lsm_open(name.c_str(), 28 + 4 * 12, 1);
        REQUIRE(raw != nullptr);
        lsm_queue_set_lock_timeout_ms(queue, static_cast<uint32_t>(ten_minutes_ms));
        put_u32(raw, lock_offset, 1);
        Ending ending{};
        const bool ended = close_ends(
            [&]() -> std::int64_t {
                if (lock_offset == 20) return lsm_queue_enqueue(queue, "x", 1);
                char buffer[8];
                size_t length = 0;
                return lsm_queue_dequeue(queue, buffer, sizeof buffer, &length);
            },
            [&] { lsm_queue_close(queue); }, ending);
        REQUIRE(ended);
        CHECK_EQ(ending.result, -1);
        CHECK_EQ(ending.error, LSM_ERR_CLOSED);
        lsm_free(raw);
        lsm_queue_free(queue);
    }
}

LSM_TEST("c_close_ends_wait", stream_close_ends_write_and_read_waits) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("csclose"));
    lsm_stream_writer* writer = lsm_stream_writer_create(name.c_str(), 64, 1);
    REQUIRE(writer != nullptr);
    lsm_stream_reader* reader = lsm_stream_reader_open(name.c_str(), 64, 1);
    REQUIRE(reader != nullptr);
    lsm_memory* raw = lsm_open(name.c_str(), 64, 1);
    REQUIRE(raw != nullptr);
    lsm_stream_writer_set_lock_timeout_ms(writer, ten_minutes_ms);
    lsm_stream_reader_set_lock_timeout_ms(reader, ten_minutes_ms);
    put_u32(raw, 16, 1);
    Ending written{};
    REQUIRE(close_ends([&]() -> std::int64_t { return lsm_stream_writer_write(writer, LSM_STREAM_STRING, "hi", 2); },
                       [&] { lsm_stream_writer_close(writer); }, written));
    CHECK_EQ(written.result, -1);
    CHECK_EQ(written.error, LSM_ERR_CLOSED);
    Ending read{};
    REQUIRE(close_ends(
        [&]() -> std::int64_t {
            char buffer[64];
            return lsm_stream_reader_read(reader, buffer, sizeof buffer);
        },
        [&] { lsm_stream_reader_close(reader); }, read));
    CHECK_EQ(read.result, -1);
    CHECK_EQ(read.error, LSM_ERR_CLOSED);
    lsm_free(raw);
    lsm_stream_reader_free(reader);
    lsm_stream_writer_free(writer);
}
