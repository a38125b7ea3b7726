// The C ABI of dead lock holders: lsm_*_lock_holder and lsm_*_force_unlock.
#include <cstring>
#include <string>

#include "c_fixtures.hpp"

using lsm::test::CQueue;
using lsm::test::CStream;
using lsm::test::put_u32;

LSM_TEST("c_dead_holders", queue_lock_held_by_upstream_then_forced) {
    CQueue fixture("cqdead", 4, 8);
    lsm_queue* queue = fixture.queue;
    lsm_memory* raw = fixture.raw();
    lsm_queue_set_lock_timeout_ms(queue, 20);
    CHECK_EQ(lsm_queue_lock_holder(queue, LSM_QUEUE_PRODUCER_LOCK), 0);
    put_u32(raw, 20, 1);  // what an upstream producer stores
    CHECK_EQ(lsm_queue_lock_holder(queue, LSM_QUEUE_PRODUCER_LOCK), 1);
    CHECK_EQ(lsm_queue_enqueue(queue, "x", 1), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_TIMEOUT);
    CHECK(std::string(lsm_last_error_message()).find("queue producer lock") != std::string::npos);
    CHECK_EQ(lsm_queue_force_unlock(queue, LSM_QUEUE_PRODUCER_LOCK), 1);
    CHECK_EQ(lsm_queue_lock_holder(queue, LSM_QUEUE_PRODUCER_LOCK), 0);
    CHECK_EQ(lsm_queue_enqueue(queue, "x", 1), 1);
    put_u32(raw, 24, 1);
    CHECK_EQ(lsm_queue_force_unlock(queue, LSM_QUEUE_CONSUMER_LOCK), 1);
    char buffer[8];
    size_t length = 0;
    CHECK_EQ(lsm_queue_dequeue(queue, buffer, sizeof buffer, &length), 1);
    CHECK_EQ(lsm_queue_force_unlock(queue, 7), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_ARGUMENT);
    CHECK_EQ(lsm_queue_lock_holder(nullptr, LSM_QUEUE_PRODUCER_LOCK), -1);
}

LSM_TEST("c_dead_holders", stream_lock_held_by_upstream_then_forced) {
    CStream fixture("csdead", 64);
    lsm_stream_writer* writer = fixture.writer;
    lsm_stream_reader* reader = fixture.reader;
    lsm_memory* raw = fixture.raw();
    lsm_stream_reader_set_lock_timeout_ms(reader, 20);
    put_u32(raw, 16, 1);
    CHECK_EQ(lsm_stream_writer_lock_holder(writer), 1);
    CHECK_EQ(lsm_stream_reader_lock_holder(reader), 1);
    char buffer[64];
    CHECK_EQ(lsm_stream_reader_read(reader, buffer, sizeof buffer), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_TIMEOUT);
    CHECK_EQ(lsm_stream_reader_force_unlock(reader), 1);
    CHECK_EQ(lsm_stream_writer_write(writer, LSM_STREAM_STRING, "hi", 2), 0);
    CHECK_EQ(lsm_stream_reader_read(reader, buffer, sizeof buffer), 2);
    CHECK_EQ(lsm_stream_writer_force_unlock(writer), 0);
    CHECK_EQ(lsm_stream_writer_lock_holder(nullptr), -1);
}

// The compare-and-force: a lock that changed hands since the caller checked its holder is left
// alone (check-then-force would force the new holder out); one still held by the value checked
// is forced open and repaired, as lsm_*_force_unlock does.
LSM_TEST("c_dead_holders", force_unlock_if_leaves_a_lock_that_changed_hands) {
    const uint32_t checked = 0x80000000u | 0x3ffffff0u;  // the holder checked (a token of no process)
    CStream stream("csif", 64);
    put_u32(stream.raw(), 16, 1);  // meanwhile an upstream process took the lock
    CHECK_EQ(lsm_stream_writer_force_unlock_if(stream.writer, checked), 1);  // found 1: nothing done
    CHECK_EQ(lsm_stream_reader_lock_holder(stream.reader), 1);
    CHECK_EQ(lsm_stream_reader_force_unlock_if(stream.reader, 1), 1);  // still 1: forced and taken over
    CHECK_EQ(lsm_stream_writer_lock_holder(stream.writer), 0);
    CHECK_EQ(lsm_stream_writer_force_unlock_if(stream.writer, 0), 0);  // free: nothing to do
    CHECK_EQ(lsm_stream_writer_force_unlock_if(nullptr, 1), -1);

    CQueue queue("cqif", 4, 8);
    for (const int which : {LSM_QUEUE_PRODUCER_LOCK, LSM_QUEUE_CONSUMER_LOCK}) {
        put_u32(queue.raw(), which == LSM_QUEUE_PRODUCER_LOCK ? 20 : 24, 1);
        CHECK_EQ(lsm_queue_force_unlock_if(queue.queue, which, checked), 1);
        CHECK_EQ(lsm_queue_lock_holder(queue.queue, which), 1);
        CHECK_EQ(lsm_queue_force_unlock_if(queue.queue, which, 1), 1);
        CHECK_EQ(lsm_queue_lock_holder(queue.queue, which), 0);  // repaired: both locks taken and released
    }
    CHECK_EQ(lsm_queue_force_unlock_if(queue.queue, 7, 1), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_ARGUMENT);
    CHECK_EQ(lsm_queue_enqueue(queue.queue, "x", 1), 1);
}
