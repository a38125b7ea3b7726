// Open-or-create (core and lsm_c.h): never replaces, exactly one creator among racing
// callers, a clear error for another size or geometry or a creator that died half way; and
// the stream reader that takes its size from the object.
#include <atomic>
#include <chrono>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "c_fixtures.hpp"
#include "check.hpp"
#include "lsm/queue.hpp"
#include "lsm/segment.hpp"
#include "lsm/stream.hpp"
#include "lsm_c.h"

#if !defined(_WIN32)
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

using lsm::test::CQueue;
using lsm::test::CQueueHandle;
using lsm::test::CReader;
using lsm::test::CWriter;
using lsm::test::NameCleanup;
using lsm::test::unique_name;

namespace {
bool contains(const char* text, const std::string& part) { return std::string(text).find(part) != std::string::npos; }

// A refused caller that is not persistent must not remove the name it found. On Windows a
// non-persistent segment lives in another namespace (a named mapping, not a file): there
// the refused callers are persistent too.
#if defined(_WIN32)
constexpr int refused_persistent = 1;
#else
constexpr int refused_persistent = 0;
#endif
}  // namespace

LSM_TEST("open_or_create", segment_creates_then_opens_the_same_object) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("ooc"));
    int created = -1;
    lsm_memory* first = lsm_open_or_create(name.c_str(), 4096, 1, &created);
    REQUIRE(first != nullptr);
    CHECK_EQ(created, 1);
    std::memcpy(lsm_data(first), "hello", 5);
    lsm_memory* second = lsm_open_or_create(name.c_str(), 4096, 1, &created);
    REQUIRE(second != nullptr);
    CHECK_EQ(created, 0);
    CHECK(std::memcmp(lsm_data(second), "hello", 5) == 0);  // not replaced, not zeroed
    CHECK_EQ(lsm_is_stale(first), 0);
    lsm_free(second);
    lsm_free(first);
}

LSM_TEST("open_or_create", segment_of_another_size_is_refused_and_kept) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("ooc"));
    lsm_memory* first = lsm_open_or_create(name.c_str(), 4096, 1, nullptr);
    REQUIRE(first != nullptr);
    CHECK(lsm_open_or_create(name.c_str(), 8192, refused_persistent, nullptr) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_SIZE);
    CHECK(contains(lsm_last_error_message(), "4096"));
    CHECK(contains(lsm_last_error_message(), "8192"));
    CHECK_EQ(lsm_is_stale(first), 0);
    lsm_free(first);
}

LSM_TEST("open_or_create", racing_threads_end_on_one_segment_one_creator) {
    for (int round = 0; round < 10; ++round) {
        NameCleanup cleanup;
        const auto name = cleanup.add(unique_name("oocrace"));
        std::atomic<int> creators{0};
        std::atomic<bool> go{false};
        std::vector<std::thread> threads;
        for (int i = 0; i < 8; ++i)
            threads.emplace_back([&] {
                while (!go.load()) std::this_thread::yield();
                lsm::Segment segment = lsm::Segment::open_or_create(name, 4096, true);
                if (segment.created()) creators.fetch_add(1);
                std::atomic_ref<std::uint32_t>(*reinterpret_cast<std::uint32_t*>(segment.data())).fetch_add(1);
            });
        go.store(true);
        for (auto& thread : threads) thread.join();
        CHECK_EQ(creators.load(), 1);
        lsm::Segment check = lsm::Segment::open(name, 4096, true);
        CHECK_EQ(*reinterpret_cast<std::uint32_t*>(check.data()), 8u);
    }
}

LSM_TEST("open_or_create", second_producer_keeps_a_running_queue) {
    CQueue fixture("oocq", 8, 64);
    lsm_queue* producer = fixture.queue;
    const CQueueHandle consumer = fixture.open();
    CHECK_EQ(lsm_queue_enqueue(producer, "order 1", 7), 1);
    int created = -1;
    const CQueueHandle second(lsm_queue_open_or_create(fixture.name.c_str(), 8, 64, 1, &created));
    REQUIRE(second != nullptr);
    CHECK_EQ(created, 0);
    CHECK_EQ(lsm_queue_enqueue(second, "order 2", 7), 1);
    CHECK_EQ(lsm_queue_is_stale(producer), 0);
    char buffer[64];
    size_t length = 0;
    CHECK_EQ(lsm_queue_dequeue(consumer, buffer, sizeof buffer, &length), 1);
    CHECK_EQ(std::string(buffer, length), std::string("order 1"));
    CHECK_EQ(lsm_queue_dequeue(consumer, buffer, sizeof buffer, &length), 1);
    CHECK_EQ(std::string(buffer, length), std::string("order 2"));
}

LSM_TEST("open_or_create", queue_of_another_geometry_names_both) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("oocq"));
    int created = -1;
    lsm_queue* first = lsm_queue_open_or_create(name.c_str(), 8, 64, 1, &created);
    REQUIRE(first != nullptr);
    CHECK_EQ(created, 1);
    CHECK(lsm_queue_open_or_create(name.c_str(), 16, 32, refused_persistent, nullptr) == nullptr);  // 16 x 36 = 8 x 72: same size
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_SIZE);
    CHECK(contains(lsm_last_error_message(), "capacity 8 and maxMessageSize 64"));
    CHECK(contains(lsm_last_error_message(), "capacity 16 and maxMessageSize 32"));
    CHECK(lsm_queue_open_or_create(name.c_str(), 4, 64, refused_persistent, nullptr) == nullptr);  // another size
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_SIZE);
    CHECK(contains(lsm_last_error_message(), "capacity 8 and maxMessageSize 64"));
    CHECK_EQ(lsm_queue_is_stale(first), 0);  // the refused, non-persistent callers removed nothing
    lsm_queue_free(first);
}

LSM_TEST("open_or_create", queue_whose_creator_died_before_the_geometry_fails_named) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("oocq"));
    // What a creator leaves when it dies after sizing the segment: all zeros.
    lsm::Segment half = lsm::Segment::create(name, 28 + 4 * (4 + 16), true);
    try {
        lsm::Queue::open_or_create(name, 4, 16, refused_persistent != 0, lsm::Segment::default_mode, std::chrono::milliseconds(20));
        CHECK(false);
    } catch (const lsm::Error& e) {
        CHECK(e.code() == lsm::ErrorCode::corrupt);
        CHECK(contains(e.what(), "Remove the name"));
    }
    CHECK(!half.is_stale());  // the waiter did not remove it
}

#if !defined(_WIN32)
LSM_TEST("open_or_create", segment_never_sized_fails_named_after_the_wait) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("ooc"));
    const int fd = ::shm_open(("/" + name).c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);  // a creator died here
    REQUIRE(fd >= 0);
    ::close(fd);
    try {
        lsm::Segment::open_or_create(name, 4096, true, lsm::Segment::default_mode, std::chrono::milliseconds(20));
        CHECK(false);
    } catch (const lsm::Error& e) {
        CHECK(e.code() == lsm::ErrorCode::corrupt);
        CHECK(contains(e.what(), "0 bytes"));
    }
}
#endif

LSM_TEST("open_or_create", stream_writer_opens_and_sizeless_reader_reads) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("oocs"));
    int created = -1;
    const CWriter first(lsm_stream_writer_open_or_create(name.c_str(), 64, 1, &created));
    REQUIRE(first != nullptr);
    CHECK_EQ(created, 1);
    CHECK_EQ(lsm_stream_writer_write(first, LSM_STREAM_STRING, "one", 3), 0);
    const CWriter second(lsm_stream_writer_open_or_create(name.c_str(), 64, 1, &created));
    REQUIRE(second != nullptr);
    CHECK_EQ(created, 0);
    CHECK_EQ(lsm_stream_writer_revision(second), 1);  // the header was not rewritten
    CHECK(lsm_stream_writer_open_or_create(name.c_str(), 128, 1, nullptr) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_SIZE);
    const CReader reader(lsm_stream_reader_open_existing(name.c_str(), 1));
    REQUIRE(reader != nullptr);
    char buffer[64];
    CHECK_EQ(lsm_stream_reader_read(reader, buffer, sizeof buffer), 3);
    CHECK_EQ(std::string(buffer, 3), std::string("one"));
}

LSM_TEST("open_or_create", sizeless_reader_refuses_an_object_without_room_and_keeps_it) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("oocs"));
    lsm_memory* tiny = lsm_create(name.c_str(), 20, 1);
    REQUIRE(tiny != nullptr);
    CHECK(lsm_stream_reader_open_existing(name.c_str(), refused_persistent) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_SIZE);
    CHECK_EQ(lsm_is_stale(tiny), 0);
    CHECK(lsm_stream_reader_open_existing(unique_name("oocnone").c_str(), 1) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_NOT_FOUND);
    lsm_free(tiny);
}
