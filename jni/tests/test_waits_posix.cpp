// Sleeping waits (address_wait.hpp) on Linux: a waiter in another process (fork) or thread is
// woken by a write or an ack. Its slice is 60 s, so only a wake-up ends it early: the test
// asserts that the wait ended, within a bound far below the slice, never a time. Linux only
// (fork); Windows: test_waits_windows.cpp; threads: test_waits_in_process.cpp; macOS waits poll.
#if defined(__linux__)
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <future>
#include <thread>

#include "check.hpp"
#include "c_abi_handles.hpp"
#include "lsm/queue.hpp"
#include "lsm/stream.hpp"
#include "lsm_c.h"

using namespace std::chrono_literals;
using lsm::Queue;
using lsm::StreamReader;
using lsm::StreamType;
using lsm::StreamWriter;
using lsm::test::eventually;
using lsm::test::NameCleanup;
using lsm::test::unique_name;

namespace {
constexpr std::size_t segment_size = 64;
constexpr auto long_slice = 60s;

// Waits up to 20 s for `child`; its exit code, or -1 (killed) when it has not ended by then.
int reap(pid_t child) {
    int status = 0;
    if (!eventually([&] { return ::waitpid(child, &status, WNOHANG) == child; })) {
        ::kill(child, SIGKILL);
        ::waitpid(child, &status, 0);
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
}  // namespace

LSM_TEST("waits_posix", reader_in_another_process_is_woken_by_a_write) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wakeread"));
    StreamWriter writer(name, segment_size, true);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        StreamReader reader(name, segment_size, true);
        ::_exit(reader.wait_new_data(long_slice, long_slice) ? 0 : 1);
    }
    const bool asleep = eventually([&] { return writer.revision_waiters() == 1; });
    writer.write(StreamType::string, "wake", 4);
    CHECK(asleep);
    CHECK_EQ(reap(child), 0);
    CHECK_EQ(int(writer.revision_waiters()), 0);
}

LSM_TEST("waits_posix", writer_in_another_process_is_woken_by_an_ack) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wakeack"));
    StreamWriter writer(name, segment_size, true);
    StreamReader reader(name, segment_size, true);
    writer.write(StreamType::string, "x", 1);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        StreamWriter same(lsm::OpenOrCreate{}, name, segment_size, true);
        ::_exit(same.wait_for_read(long_slice, long_slice) ? 0 : 1);
    }
    const bool asleep = eventually([&] { return reader.ack_waiters() == 1; });
    reader.mark_as_read();
    CHECK(asleep);
    CHECK_EQ(reap(child), 0);
}

// A binding's interrupt (Java's Thread.interrupt()): the flag, then wake_sleepers().
std::atomic<bool> test_thread_interrupted{false};
bool test_interrupted() { return test_thread_interrupted.load(); }

LSM_TEST("waits_posix", wake_sleepers_ends_the_wait_of_an_interrupted_thread) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wakeintr"));
    StreamWriter writer(name, segment_size, true);
    lsm_stream_reader handle("stream", name, segment_size, true);
    handle.end_lock_waits_on_interrupt(&test_interrupted);
    test_thread_interrupted = false;
    auto ended = std::async(std::launch::async, [&] {
        return handle.call([](StreamReader& reader) { return reader.wait_new_data(long_slice, long_slice); });
    });
    REQUIRE(eventually([&] { return writer.revision_waiters() == 1; }));
    test_thread_interrupted = true;
    handle.wake_sleepers();
    REQUIRE(ended.wait_for(20s) == std::future_status::ready);
    CHECK(!ended.get());  // not done: the binding throws its interruption
    // (The binding looks at the status before it calls; the wait asks it only after a wake, so
    // that a slice nobody ends makes no call into the binding.)
    test_thread_interrupted = false;
    handle.close();
    handle.wake_sleepers();  // closed: nothing, no call on the unmapped object
}

LSM_TEST("waits_posix", a_waiter_count_left_by_a_dead_waiter_is_cleared_by_the_next_write) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wakedead"));
    StreamWriter writer(name, segment_size, true);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        StreamReader reader(name, segment_size, true);
        reader.wait_new_data(long_slice, long_slice);
        ::_exit(0);
    }
    REQUIRE(eventually([&] { return writer.revision_waiters() == 1; }));
    ::kill(child, SIGKILL);
    CHECK_EQ(reap(child), -1);
    CHECK_EQ(int(writer.revision_waiters()), 1);  // left raised by the dead waiter
    writer.write(StreamType::string, "a", 1);     // wakes nobody: clears it
    CHECK_EQ(int(writer.revision_waiters()), 0);
}

LSM_TEST("waits_posix", c_abi_waits_answer_ready_timeout_and_closed) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wakec"));
    lsm_stream_writer* writer = lsm_stream_writer_create(name.c_str(), segment_size, 1);
    lsm_stream_reader* reader = lsm_stream_reader_open(name.c_str(), segment_size, 1);
    REQUIRE(writer != nullptr && reader != nullptr);
    CHECK_EQ(lsm_stream_reader_wait_new_data(reader, 0), LSM_WAIT_TIMEOUT);
    CHECK_EQ(lsm_stream_reader_wait_new_data(reader, 20), LSM_WAIT_TIMEOUT);
    CHECK_EQ(lsm_stream_writer_wait_for_read(writer, 0), LSM_WAIT_READY);  // nothing written: nothing to ack
    REQUIRE(lsm_stream_writer_write(writer, LSM_STREAM_STRING, "c", 1) == 0);
    CHECK_EQ(lsm_stream_writer_wait_for_read(writer, 0), LSM_WAIT_TIMEOUT);
    CHECK_EQ(lsm_stream_reader_wait_new_data(reader, -1), LSM_WAIT_READY);
    REQUIRE(lsm_stream_reader_mark_as_read(reader) == 0);
    CHECK_EQ(lsm_stream_writer_wait_for_read(writer, -1), LSM_WAIT_READY);
    lsm_stream_reader_close(reader);
    CHECK_EQ(lsm_stream_reader_wait_new_data(reader, 10), LSM_RESULT_ERROR);
    CHECK_EQ(lsm_last_error(), LSM_ERR_CLOSED);
    lsm_stream_reader_free(reader);
    lsm_stream_writer_free(writer);
}

LSM_TEST("waits_posix", consumer_in_another_process_is_woken_by_an_enqueue) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wakeq"));
    Queue queue = Queue::create(name, 2, 8, true);
    REQUIRE(queue.has_wake_block());
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        Queue consumer = Queue::open_existing(name, true);
        ::_exit(consumer.has_wake_block() && consumer.wait_not_empty(long_slice, long_slice) && consumer.dequeue() ? 0 : 1);
    }
    const bool asleep = eventually([&] { return queue.consumer_waiters() == 1; });
    CHECK(queue.enqueue("m", 1));
    CHECK(asleep);
    CHECK_EQ(reap(child), 0);
}

LSM_TEST("waits_posix", producer_in_another_process_is_woken_by_a_dequeue) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wakeqp"));
    Queue queue = Queue::create(name, 1, 8, true);
    REQUIRE(queue.enqueue("a", 1));
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        Queue producer = Queue::open(name, 1, 8, true);
        ::_exit(producer.wait_not_full(long_slice, long_slice) && producer.enqueue("b", 1) ? 0 : 1);
    }
    const bool asleep = eventually([&] { return queue.producer_waiters() == 1; });
    CHECK(queue.dequeue().has_value());
    CHECK(asleep);
    CHECK_EQ(reap(child), 0);
    CHECK(queue.dequeue().has_value());
}

LSM_TEST("waits_posix", a_queue_without_wake_block_is_waited_on_in_slices) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wakenb"));
    {
        // As the C++ library creates it: exactly the ring, the header written.
        lsm::Segment ring = lsm::Segment::create(name, 28 + 2 * 12, true);
        auto* header = reinterpret_cast<std::uint32_t*>(ring.data());
        header[2] = 2;  // capacity
        header[4] = 8;  // maxMessageSize
    }
    Queue consumer = Queue::open(name, 2, 8, true);
    Queue producer = Queue::open_or_create(name, 2, 8, true);
    CHECK(!consumer.has_wake_block());
    CHECK(!producer.created());
    CHECK(!consumer.wait_not_empty(20ms, 5ms));
    auto taken = std::async(std::launch::async, [&] { return consumer.wait_not_empty(long_slice, 5ms); });
    std::this_thread::sleep_for(20ms);
    CHECK(producer.enqueue("x", 1));  // wakes nobody in another process; the next slice sees it
    REQUIRE(taken.wait_for(20s) == std::future_status::ready);
    CHECK(taken.get());
    CHECK(producer.wait_not_full(0ns));
}

LSM_TEST("waits_posix", c_abi_queue_waits) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wakecq"));
    lsm_queue* queue = lsm_queue_create(name.c_str(), 1, 8, 1);
    REQUIRE(queue != nullptr);
    CHECK_EQ(lsm_queue_wait_not_empty(queue, 10), LSM_WAIT_TIMEOUT);
    CHECK_EQ(lsm_queue_wait_not_full(queue, -1), LSM_WAIT_READY);
    REQUIRE(lsm_queue_enqueue(queue, "q", 1) == LSM_ENQUEUED);
    CHECK_EQ(lsm_queue_wait_not_empty(queue, -1), LSM_WAIT_READY);
    CHECK_EQ(lsm_queue_wait_not_full(queue, 0), LSM_WAIT_TIMEOUT);
    lsm_queue_close(queue);
    CHECK_EQ(lsm_queue_wait_not_empty(queue, 10), LSM_RESULT_ERROR);
    CHECK_EQ(lsm_last_error(), LSM_ERR_CLOSED);
    lsm_queue_free(queue);
}

#endif  // __linux__
