// Replaced segments (WIRE.md §1, §4): a stream or queue handle notices that a restarted peer
// re-created its name, through the core and through the C ABI, and a reopened handle sees the
// new data.
#include <cstring>
#include <string>

#include "check.hpp"
#include "lsm/queue.hpp"
#include "lsm/stream.hpp"
#include "lsm_c.h"

using lsm::Queue;
using lsm::StreamReader;
using lsm::StreamType;
using lsm::StreamWriter;
using lsm::test::NameCleanup;
using lsm::test::unique_name;

LSM_TEST("stale", stream_reader_notices_a_restarted_writer) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("sstale"));
    StreamReader* reader = nullptr;
    {
        StreamWriter first(name, 64, true);
        first.write(StreamType::string, "old", 3);
        reader = new StreamReader(name, 64, true);
        CHECK(!reader->is_stale());
        CHECK(!first.is_stale());
    }
    StreamWriter restarted(name, 64, true);
    restarted.write(StreamType::string, "new", 3);
    CHECK(reader->is_stale());
    CHECK_EQ(reader->read_string(), std::string("old"));  // the old, nameless segment
    delete reader;
    StreamReader reopened(name, 64, true);
    CHECK(!reopened.is_stale());
    CHECK_EQ(reopened.read_string(), std::string("new"));
    restarted.destroy();
    CHECK(restarted.is_stale());
}

LSM_TEST("stale", queue_notices_a_re_created_queue) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("qstale"));
    Queue first = Queue::create(name, 4, 16, true);
    Queue consumer = Queue::open_existing(name, true);
    CHECK(!consumer.is_stale());
    Queue restarted = Queue::create(name, 4, 16, true);
    CHECK(restarted.enqueue("new", 3));
    CHECK(consumer.is_stale());
    CHECK(first.is_stale());
    CHECK_EQ(consumer.size(), 0u);
    Queue reopened = Queue::open_existing(name, true);
    CHECK(!reopened.is_stale());
    CHECK_EQ(reopened.size(), 1u);
}

LSM_TEST("stale", c_abi_is_stale) {
    NameCleanup cleanup;
    const auto stream = cleanup.add(unique_name("cstale"));
    const auto queue = cleanup.add(unique_name("cqstale"));
    lsm_stream_writer* writer = lsm_stream_writer_create(stream.c_str(), 64, 1);
    lsm_stream_reader* reader = lsm_stream_reader_open(stream.c_str(), 64, 1);
    lsm_queue* q = lsm_queue_create(queue.c_str(), 2, 8, 1);
    REQUIRE(writer != nullptr && reader != nullptr && q != nullptr);
    CHECK_EQ(lsm_stream_reader_is_stale(reader), 0);
    CHECK_EQ(lsm_stream_writer_is_stale(writer), 0);
    CHECK_EQ(lsm_queue_is_stale(q), 0);

    lsm_stream_writer* restarted = lsm_stream_writer_create(stream.c_str(), 64, 1);
    lsm_queue* recreated = lsm_queue_create(queue.c_str(), 2, 8, 1);
    CHECK_EQ(lsm_stream_reader_is_stale(reader), 1);
    CHECK_EQ(lsm_stream_writer_is_stale(writer), 1);
    CHECK_EQ(lsm_stream_writer_is_stale(restarted), 0);
    CHECK_EQ(lsm_queue_is_stale(q), 1);
    CHECK_EQ(lsm_queue_is_stale(recreated), 0);

    CHECK_EQ(lsm_stream_reader_is_stale(nullptr), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_ARGUMENT);
    CHECK_EQ(lsm_queue_is_stale(nullptr), -1);

    lsm_stream_reader_free(reader);
    lsm_stream_writer_free(writer);
    lsm_stream_writer_free(restarted);
    lsm_queue_free(q);
    lsm_queue_free(recreated);
}
