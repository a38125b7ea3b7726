// Following a re-created segment (lsm/follow.hpp, GuardedHandle::replace): a reader or consumer
// handle maps the object its name leads to now, of another size or geometry, waits while there
// is nothing to map yet, other threads' calls carry on across the switch, and a lock wait on
// the old object is not cut short by it.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "check.hpp"
#include "lsm/call_guard.hpp"
#include "lsm/queue.hpp"
#include "lsm/queue_layout.hpp"
#include "lsm/segment.hpp"
#include "lsm/stream.hpp"
#include "lsm/stream_layout.hpp"
#include "lsm_c.h"

using lsm::Queue;
using lsm::Segment;
using lsm::StreamType;
using lsm::StreamWriter;
using lsm::test::NameCleanup;
using lsm::test::unique_name;

namespace {

std::string read_all(lsm_stream_reader* reader) {
    char buffer[512];
    const int64_t size = lsm_stream_reader_read(reader, buffer, sizeof buffer);
    return size < 0 ? std::string("<error ") + std::to_string(lsm_last_error()) + ">" : std::string(buffer, size);
}

// A stream whose writer restarts (restart()): its writers stay alive, so the old objects live
// on, and a persistent reader opened on the first.
struct RestartingStream {
    NameCleanup cleanup;
    const std::string name;
    std::vector<std::unique_ptr<StreamWriter>> writers;
    lsm_stream_reader* reader = nullptr;

    explicit RestartingStream(const char* stem) : name(cleanup.add(unique_name(stem))) {
        restart();
        reader = lsm_stream_reader_open_existing(name.c_str(), 1);
    }
    ~RestartingStream() { lsm_stream_reader_free(reader); }
    void restart() { writers.push_back(std::make_unique<StreamWriter>(name, 64, true)); }
};

}  // namespace

LSM_TEST("follow", close_within_gives_up_on_a_call_that_stays_inside_and_reopen_lets_calls_in) {
    lsm::CallGuard guard;
    std::atomic<bool> inside{false};
    std::atomic<bool> leave{false};
    std::thread caller([&] {
        const lsm::CallGuard::Ticket ticket = guard.enter();
        REQUIRE(ticket != nullptr);
        inside = true;
        while (!leave.load()) std::this_thread::yield();
        guard.exit(ticket);
    });
    while (!inside.load()) std::this_thread::yield();
    CHECK(!guard.close_within(std::chrono::milliseconds(1)));  // the call is still inside
    CHECK(guard.enter() == nullptr);                          // closed until reopened
    guard.reopen();
    const lsm::CallGuard::Ticket again = guard.enter();
    CHECK(again != nullptr);
    if (again != nullptr) guard.exit(again);
    leave = true;
    caller.join();
    CHECK(guard.close_within(std::chrono::milliseconds(1)));  // nobody inside: closes
    CHECK(guard.is_closed());
}

// POSIX only: these mix the writer's and the reader's `persistent` (one name for both there). On
// Windows `persistent` chooses between a file and a named mapping, so both sides pass the same
// (and a named mapping cannot be re-created while a handle maps it: there is nothing to follow).
#if !defined(_WIN32)
LSM_TEST("follow", stream_reader_follows_a_writer_of_another_size) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("fstream"));
    lsm_stream_reader* reader = nullptr;
    {
        StreamWriter first(name, 64, true);
        first.write(StreamType::string, "old", 3);
        reader = lsm_stream_reader_open_existing(name.c_str(), 0);  // not persistent: its close removes the name
        REQUIRE(reader != nullptr);
        CHECK_EQ(lsm_stream_reader_follow(reader), 0);  // nothing re-created yet
    }
    StreamWriter restarted(name, 512, true);
    CHECK_EQ(lsm_stream_reader_follow(reader), 1);
    CHECK_EQ(lsm_stream_reader_has_new_data(reader), 0);  // nothing written to the new one yet
    const std::string large(300, 'n');                   // too large for the old 64-byte stream
    restarted.write(StreamType::string, large.data(), large.size());
    CHECK_EQ(lsm_stream_reader_has_new_data(reader), 1);  // its first write counts as new
    CHECK_EQ(read_all(reader), large);
    CHECK_EQ(lsm_stream_reader_follow(reader), 0);
    CHECK(Segment::open_existing(name, true).size() == 512);  // the old object's close kept the new name
    lsm_stream_reader_free(reader);
    CHECK_THROWS_CODE(lsm::ErrorCode::not_found, Segment::open_existing(name, true));  // the follower's own close did remove it
    CHECK_EQ(lsm_stream_reader_follow(nullptr), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_ARGUMENT);
}

LSM_TEST("follow", a_name_that_is_gone_keeps_the_old_mapping_until_it_returns) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("fgone"));
    lsm_stream_reader* reader = nullptr;
    {
        StreamWriter first(name, 64, false);  // its end removes the name
        first.write(StreamType::string, "old", 3);
        reader = lsm_stream_reader_open_existing(name.c_str(), 1);
        REQUIRE(reader != nullptr);
    }
    CHECK_EQ(lsm_stream_reader_is_stale(reader), 1);
    CHECK_EQ(lsm_stream_reader_follow(reader), 0);  // gone: nothing to map, not an error
    CHECK_EQ(read_all(reader), std::string("old"));
    Segment unsized = Segment::create(name, 8, true);  // a stream too small for a header: not yet one
    CHECK_EQ(lsm_stream_reader_follow(reader), 0);
    CHECK(!Segment::open_existing(name, true).created());  // and its name stays
    unsized.destroy();
    StreamWriter back(name, 64, true);
    back.write(StreamType::string, "back", 4);
    CHECK_EQ(lsm_stream_reader_follow(reader), 1);
    CHECK_EQ(read_all(reader), std::string("back"));
    lsm_stream_reader_free(reader);
}

#endif

LSM_TEST("follow", queue_consumer_finishes_the_old_queue_then_takes_the_new_geometry) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("fqueue"));
    Queue first = Queue::create(name, 4, 16, true);
    lsm_queue* consumer = lsm_queue_open_existing(name.c_str(), 1);
    REQUIRE(consumer != nullptr);
    CHECK(first.enqueue("old", 3));
    Queue restarted = Queue::create(name, 8, 64, true);
    CHECK(restarted.enqueue("new", 3));
    CHECK_EQ(lsm_queue_follow(consumer), 0);  // a message left in the old queue
    char buffer[64];
    size_t length = 0;
    CHECK_EQ(lsm_queue_dequeue(consumer, buffer, sizeof buffer, &length), 1);
    CHECK_EQ(std::string(buffer, length), std::string("old"));
    CHECK_EQ(lsm_queue_follow(consumer), 1);
    CHECK_EQ(lsm_queue_capacity(consumer), 8u);
    CHECK_EQ(lsm_queue_max_message_size(consumer), 64u);
    CHECK_EQ(lsm_queue_dequeue(consumer, buffer, sizeof buffer, &length), 1);
    CHECK_EQ(std::string(buffer, length), std::string("new"));
    lsm_queue_free(consumer);
}

#if !defined(_WIN32)  // mixes `persistent`, as above
LSM_TEST("follow", a_queue_without_geometry_yet_is_retried_and_its_name_left_alone) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("fgeom"));
    Queue first = Queue::create(name, 2, 8, true);
    lsm_queue* consumer = lsm_queue_open_existing(name.c_str(), 0);  // not persistent
    REQUIRE(consumer != nullptr);
    {
        // What a creator has made before it writes the geometry: a zero-filled queue segment.
        Segment half_made = Segment::create(name, *lsm::queue_layout::segment_size(4, 32), true);
        CHECK_EQ(lsm_queue_follow(consumer), 0);
        CHECK_EQ(lsm_queue_is_stale(consumer), 1);
        CHECK(Segment::open_existing(name, true).size() == half_made.size());  // not removed by the refusal
        // The creator finishes: the geometry, capacity last (as Queue::open_or_create).
        auto* header = reinterpret_cast<std::uint32_t*>(half_made.data());
        header[lsm::queue_layout::max_message_size_offset / 4] = 32;
        header[lsm::queue_layout::capacity_offset / 4] = 4;
    }
    CHECK_EQ(lsm_queue_follow(consumer), 1);
    CHECK_EQ(lsm_queue_capacity(consumer), 4u);
    CHECK_EQ(lsm_queue_max_message_size(consumer), 32u);
    lsm_queue_free(consumer);
}

#endif

LSM_TEST("follow", a_lock_wait_on_the_old_stream_is_not_cut_short_by_a_follow) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("fwait"));
    StreamWriter first(name, 64, true);
    lsm_stream_reader* reader = lsm_stream_reader_open_existing(name.c_str(), 1);
    REQUIRE(reader != nullptr);
    CHECK_EQ(lsm_stream_reader_set_lock_timeout_ms(reader, 300), 0);
    // An upstream holder (value 1) that never lets go: the read waits for the lock.
    std::atomic_ref<std::uint32_t>(*reinterpret_cast<std::uint32_t*>(first.segment().data() + lsm::stream_layout::lock_offset))
        .store(1);
    std::atomic<int> read_error{-1};
    std::thread waiting([&] {
        char buffer[64];
        read_error = lsm_stream_reader_read(reader, buffer, sizeof buffer) < 0 ? lsm_last_error() : 0;
    });
    // Let the read reach its lock wait; were it later, it would simply read the new stream, and
    // the test would prove less, not fail.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    StreamWriter restarted(name, 64, true);
    restarted.write(StreamType::string, "new", 3);
    int followed = 0;
    while (followed == 0) followed = lsm_stream_reader_follow(reader);  // 0 while the read waits
    waiting.join();
    CHECK_EQ(followed, 1);
    CHECK(read_error.load() == 0 || read_error.load() == LSM_ERR_TIMEOUT);  // never LSM_ERR_CLOSED
    CHECK_EQ(read_all(reader), std::string("new"));
    lsm_stream_reader_free(reader);
}

LSM_TEST("follow", threads_calling_a_handle_while_it_follows_see_no_error) {
    NameCleanup cleanup;
    const auto stream = cleanup.add(unique_name("fthreads"));
    const auto queue = cleanup.add(unique_name("fqthreads"));
    std::vector<std::unique_ptr<StreamWriter>> writers;
    std::vector<std::unique_ptr<Queue>> queues;
    writers.push_back(std::make_unique<StreamWriter>(stream, 64, true));
    writers.back()->write(StreamType::string, "0", 1);
    queues.push_back(std::make_unique<Queue>(Queue::create(queue, 4, 16, true)));
    lsm_stream_reader* reader = lsm_stream_reader_open_existing(stream.c_str(), 1);
    lsm_queue* consumer = lsm_queue_open_existing(queue.c_str(), 1);
    REQUIRE(reader != nullptr && consumer != nullptr);
    std::atomic<bool> stop{false};
    std::atomic<int> errors{0};
    std::atomic<long> calls{0};
    auto call_loop = [&] {
        char buffer[512];
        size_t length = 0;
        while (!stop.load()) {
            if (lsm_stream_reader_read(reader, buffer, sizeof buffer) < 0) ++errors;
            if (lsm_stream_reader_has_new_data(reader) < 0) ++errors;
            if (lsm_queue_dequeue(consumer, buffer, sizeof buffer, &length) < 0) ++errors;
            if (lsm_queue_capacity(consumer) == 0) ++errors;
            ++calls;
        }
    };
    std::thread a(call_loop);
    std::thread b(call_loop);
    int followed = 0;
    for (int generation = 1; generation <= 200; ++generation) {
        const std::size_t size = generation % 2 == 0 ? 64 : 256;
        writers.push_back(std::make_unique<StreamWriter>(stream, size, true));
        const std::string text = std::to_string(generation);
        writers.back()->write(StreamType::string, text.data(), text.size());
        queues.push_back(std::make_unique<Queue>(Queue::create(queue, size == 64 ? 4 : 8, 16, true)));
        // 0 while a call of the threads is inside longer than the switch waits: ask again.
        int stream_result = 0;
        while (stream_result == 0) stream_result = lsm_stream_reader_follow(reader);
        int queue_result = 0;
        while (queue_result == 0) queue_result = lsm_queue_follow(consumer);
        followed += stream_result + queue_result;
        if (writers.size() > 4) writers.erase(writers.begin());  // old objects go while handles map them
        if (queues.size() > 4) queues.erase(queues.begin());
    }
    stop = true;
    a.join();
    b.join();
    CHECK_EQ(errors.load(), 0);
    CHECK(calls.load() > 0);
    CHECK_EQ(followed, 400);
    CHECK_EQ(read_all(reader), std::string("200"));
    lsm_stream_reader_free(reader);
    lsm_queue_free(consumer);
}

LSM_TEST("follow", threads_following_one_re_creation_at_once_follow_it_once) {
    RestartingStream stream("fonce");
    REQUIRE(stream.reader != nullptr);
    constexpr int generations = 100;
    std::atomic<int> round{0};
    std::atomic<int> followed{0};
    std::atomic<int> done{0};
    auto follower = [&] {
        for (int r = 1; r <= generations; ++r) {
            while (round.load() < r) std::this_thread::yield();  // both start on the same re-creation
            followed += lsm_stream_reader_follow(stream.reader);
            ++done;
        }
    };
    std::thread a(follower);
    std::thread b(follower);
    for (int r = 1; r <= generations; ++r) {
        stream.restart();
        round = r;
        while (done.load() < 2 * r) std::this_thread::yield();
    }
    a.join();
    b.join();
    CHECK_EQ(followed.load(), generations);
}

LSM_TEST("follow", close_during_follows_refuses_calls_once_and_for_all) {
    RestartingStream stream("fclose");
    lsm_stream_reader* reader = stream.reader;
    REQUIRE(reader != nullptr);
    std::thread follower([&] {
        for (int i = 0; i < 50; ++i) {
            stream.restart();
            if (lsm_stream_reader_follow(reader) < 0) {
                CHECK_EQ(lsm_last_error(), LSM_ERR_CLOSED);
                break;
            }
        }
    });
    std::this_thread::yield();
    lsm_stream_reader_close(reader);
    follower.join();
    CHECK_EQ(lsm_stream_reader_has_new_data(reader), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_CLOSED);
    CHECK_EQ(lsm_stream_reader_follow(reader), -1);
}
