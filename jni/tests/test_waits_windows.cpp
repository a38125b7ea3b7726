// Sleeping waits on Windows (wake_channel_windows.cpp): a waiter in another process (lsm-peer.exe)
// sleeps in one slice of 60 s and is woken by a write, an ack, an enqueue or a dequeue made here
// (in one process: test_waits_in_process.cpp).
// The test gives the peer 20 s to end, far below its slice: only a wake-up ends it in time. It
// asserts that the wait ended with its condition met, never a duration.
#if defined(_WIN32)

#include <chrono>
#include <string>

#include "check.hpp"
#include "lsm/address_wait.hpp"
#include "lsm/queue.hpp"
#include "lsm/stream.hpp"
#include "peer_process_windows.hpp"

using namespace std::chrono_literals;
using lsm::Queue;
using lsm::StreamReader;
using lsm::StreamType;
using lsm::StreamWriter;
using lsm::test::eventually;
using lsm::test::NameCleanup;
using lsm::test::PeerProcess;
using lsm::test::unique_name;

namespace {
constexpr std::size_t segment_size = 64;
constexpr const char* long_slice_ms = "60000";
constexpr DWORD peer_guard_ms = 20'000;

}  // namespace

LSM_TEST("waits_windows", address_waits_are_supported) { CHECK(lsm::address_waits_supported()); }

LSM_TEST("waits_windows", reader_in_another_process_is_woken_by_a_write) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wwread"));
    StreamWriter writer(name, segment_size, true);
    PeerProcess reader("stream-sleep " + name + " " + std::to_string(segment_size) + " " + long_slice_ms);
    REQUIRE(reader.first_line_is("ready"));
    const bool asleep = eventually([&] { return writer.revision_waiters() == 1; });
    writer.write(StreamType::string, "woken", 5);
    CHECK(asleep);
    CHECK_EQ(reader.finish(peer_guard_ms), 0);
    CHECK_EQ(reader.rest(), std::string("woken"));
}

LSM_TEST("waits_windows", writer_in_another_process_is_woken_by_an_ack) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wwack"));
    StreamWriter writer(name, segment_size, true);
    StreamReader reader(name, segment_size, true);
    writer.write(StreamType::string, "x", 1);
    PeerProcess waiting_writer("stream-sleep-ack " + name + " " + std::to_string(segment_size) + " " + long_slice_ms);
    REQUIRE(waiting_writer.first_line_is("ready"));
    const bool asleep = eventually([&] { return writer.ack_waiters() == 1; });
    reader.mark_as_read();
    CHECK(asleep);
    CHECK_EQ(waiting_writer.finish(peer_guard_ms), 0);
    CHECK_EQ(waiting_writer.rest(), std::string("read"));
}

LSM_TEST("waits_windows", consumer_in_another_process_is_woken_by_an_enqueue) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wwq"));
    Queue queue = Queue::create(name, 2, 8, true);
    REQUIRE(queue.has_wake_block());
    PeerProcess consumer("queue-sleep " + name + " " + long_slice_ms);
    REQUIRE(consumer.first_line_is("ready"));
    const bool asleep = eventually([&] { return queue.consumer_waiters() == 1; });
    CHECK(queue.enqueue("msg", 3));
    CHECK(asleep);
    CHECK_EQ(consumer.finish(peer_guard_ms), 0);
    CHECK_EQ(consumer.rest(), std::string("msg"));
}

LSM_TEST("waits_windows", producer_in_another_process_is_woken_by_a_dequeue) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wwqp"));
    Queue queue = Queue::create(name, 1, 8, true);
    REQUIRE(queue.enqueue("a", 1));
    PeerProcess producer("queue-sleep-room " + name + " " + long_slice_ms);
    REQUIRE(producer.first_line_is("ready"));
    const bool asleep = eventually([&] { return queue.producer_waiters() == 1; });
    CHECK(queue.dequeue().has_value());
    CHECK(asleep);
    CHECK_EQ(producer.finish(peer_guard_ms), 0);
    const auto message = queue.dequeue();
    REQUIRE(message.has_value());
    CHECK_EQ(std::string(reinterpret_cast<const char*>(message->data()), message->size()), std::string("room"));
}

// A writer restarts while a reader that does not follow still maps (and sleeps on) the old file:
// create cannot truncate a mapped file, so it moves that one aside and makes a new file under the
// same path. The new file's write must wake the new file's sleeper, not the stale one (which, on a
// semaphore named after the path, takes the unit first and leaves the new reader asleep).
LSM_TEST("waits_windows", a_write_to_a_re_created_file_wakes_its_reader_not_a_stale_one) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wwrecreate"));
    const std::string sleep = "stream-sleep " + name + " " + std::to_string(segment_size) + " " + long_slice_ms;
    StreamWriter old_writer(name, segment_size, true);
    PeerProcess stale(sleep);
    REQUIRE(stale.first_line_is("ready"));
    REQUIRE(eventually([&] { return old_writer.revision_waiters() == 1; }));
    StreamWriter new_writer(name, segment_size, true);  // the restart: create replaces the file
    REQUIRE(old_writer.is_stale());                     // a new file, not the old one truncated
    PeerProcess fresh(sleep);
    REQUIRE(fresh.first_line_is("ready"));
    REQUIRE(eventually([&] { return new_writer.revision_waiters() == 1; }));
    new_writer.write(StreamType::string, "new", 3);
    CHECK_EQ(fresh.finish(peer_guard_ms), 0);
    CHECK_EQ(fresh.rest(), std::string("new"));
    // The stale reader still sleeps on its own semaphore, no unit taken: its file's write wakes it.
    CHECK_EQ(int(old_writer.revision_waiters()), 1);
    old_writer.write(StreamType::string, "old", 3);
    CHECK_EQ(stale.finish(peer_guard_ms), 0);
    CHECK_EQ(stale.rest(), std::string("old"));
}

LSM_TEST("waits_windows", a_waiter_count_left_by_a_dead_waiter_is_cleared_by_the_next_writes) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wwdead"));
    const std::string sleep = "stream-sleep " + name + " " + std::to_string(segment_size) + " " + long_slice_ms;
    StreamWriter writer(name, segment_size, true);
    {  // nobody holds the semaphore after the kill: the first write finds none and clears
        PeerProcess dead(sleep);
        REQUIRE(dead.first_line_is("ready"));
        REQUIRE(eventually([&] { return writer.revision_waiters() == 1; }));
        REQUIRE(dead.kill(peer_guard_ms));
        CHECK_EQ(int(writer.revision_waiters()), 1);
        writer.write(StreamType::string, "a", 1);
        CHECK_EQ(int(writer.revision_waiters()), 0);
    }
    {  // the writer keeps the semaphore it released once: the second release finds the first unit
        PeerProcess woken(sleep);
        REQUIRE(woken.first_line_is("ready"));
        REQUIRE(eventually([&] { return writer.revision_waiters() == 1; }));
        writer.write(StreamType::string, "b", 1);
        CHECK_EQ(woken.finish(peer_guard_ms), 0);
        PeerProcess dead(sleep);
        REQUIRE(dead.first_line_is("ready"));
        REQUIRE(eventually([&] { return writer.revision_waiters() == 1; }));
        REQUIRE(dead.kill(peer_guard_ms));
        writer.write(StreamType::string, "c", 1);
        writer.write(StreamType::string, "d", 1);
        CHECK_EQ(int(writer.revision_waiters()), 0);
    }
}

#endif  // _WIN32
