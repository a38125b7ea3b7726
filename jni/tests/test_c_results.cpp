// The result contract of lsm_c.h: every read and take that can answer "too small" does so as
// LSM_TOO_SMALL(n), every take answers empty as LSM_RESULT_EMPTY, and the queue's lock timeout
// and destroy answer as their stream counterparts.
#include <cstring>
#include <functional>
#include <string>

#include "check.hpp"
#include "lsm_c.h"

using lsm::test::NameCleanup;
using lsm::test::unique_name;

LSM_TEST("c_results", stream_try_read_too_small_is_the_named_encoding) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("crs"));
    lsm_stream_writer* writer = lsm_stream_writer_create(name.c_str(), 64, 0);
    REQUIRE(writer != nullptr);
    lsm_stream_reader* reader = lsm_stream_reader_open(name.c_str(), 64, 0);
    REQUIRE(reader != nullptr);
    REQUIRE(lsm_stream_writer_write(writer, LSM_STREAM_STRING, "0123456789", 10) == 0);
    char small[3];
    const int64_t answer = lsm_stream_reader_try_read(reader, small, sizeof small);
    CHECK(LSM_IS_TOO_SMALL(answer));
    CHECK_EQ(LSM_NEEDED_SIZE(answer), 10);
    CHECK_EQ(answer, LSM_TOO_SMALL(10));
    const int64_t empty_room = lsm_stream_reader_try_read(reader, nullptr, 0);
    CHECK_EQ(LSM_NEEDED_SIZE(empty_room), 10);
    char big[16];
    CHECK_EQ(lsm_stream_reader_try_read(reader, big, sizeof big), 10);
    lsm_stream_reader_free(reader);
    lsm_stream_writer_free(writer);
}

LSM_TEST("c_results", queue_try_take_too_small_and_empty_are_the_named_encodings) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("crq"));
    lsm_queue* queue = lsm_queue_create(name.c_str(), 4, 64, 0);
    REQUIRE(queue != nullptr);
    CHECK_EQ(lsm_queue_try_take(queue, 1, nullptr, 0), LSM_RESULT_EMPTY);
    CHECK_EQ(lsm_queue_try_take(queue, 0, nullptr, 0), LSM_RESULT_EMPTY);
    CHECK_EQ(lsm_queue_try_enqueue(queue, "abcdefg", 7), LSM_ENQUEUED);
    char small[2];
    for (int remove = 0; remove <= 1; ++remove) {
        const int64_t answer = lsm_queue_try_take(queue, remove, small, sizeof small);
        CHECK(LSM_IS_TOO_SMALL(answer));
        CHECK_EQ(LSM_NEEDED_SIZE(answer), 7);
        CHECK_EQ(lsm_queue_size(queue), 1);  // unchanged
    }
    char room[7];
    CHECK_EQ(lsm_queue_try_take(queue, 1, room, sizeof room), 7);
    lsm_queue_free(queue);
}

LSM_TEST("c_results", queue_full_is_named) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("crf"));
    lsm_queue* queue = lsm_queue_create(name.c_str(), 1, 8, 0);
    REQUIRE(queue != nullptr);
    CHECK_EQ(lsm_queue_enqueue(queue, "a", 1), LSM_ENQUEUED);
    CHECK_EQ(lsm_queue_enqueue(queue, "b", 1), LSM_FULL);
    CHECK_EQ(lsm_queue_try_enqueue(queue, "b", 1), LSM_FULL);
    lsm_queue_free(queue);
}

LSM_TEST("c_results", queue_timeout_and_destroy_answer_as_the_streams_do) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("crt"));
    lsm_queue* queue = lsm_queue_create(name.c_str(), 2, 8, 1);
    REQUIRE(queue != nullptr);
    CHECK_EQ(lsm_queue_set_lock_timeout_ms(queue, 250), 0);
    CHECK_EQ(lsm_queue_set_lock_timeout_ms(queue, -1), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_ARGUMENT);
    CHECK_EQ(lsm_queue_set_lock_timeout_ms(nullptr, 1), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_ARGUMENT);
    CHECK_EQ(lsm_queue_destroy(queue), 0);
    CHECK(lsm_queue_open_existing(name.c_str(), 1) == nullptr);
    CHECK_EQ(lsm_queue_destroy(nullptr), -1);
    lsm_queue_close(queue);
    CHECK_EQ(lsm_queue_set_lock_timeout_ms(queue, 1), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_CLOSED);
    CHECK_EQ(lsm_queue_destroy(queue), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_CLOSED);
    lsm_queue_free(queue);
}

LSM_TEST("c_results", version_is_the_project_version) {
    const char* version = lsm_version();
    REQUIRE(version != nullptr);
    CHECK_EQ(std::string(version), std::string(LSM_TEST_PROJECT_VERSION));
}

namespace {
// Appends one packed record (lsm_c.h: [uint32_t length][bytes]) to `batch`.
void pack(std::string& batch, const std::string& message) {
    const auto length = static_cast<uint32_t>(message.size());
    batch.append(reinterpret_cast<const char*>(&length), sizeof length);
    batch += message;
}
}  // namespace

LSM_TEST("c_results", packed_batches_round_trip_and_answer_in_the_named_encodings) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("crb"));
    lsm_queue* queue = lsm_queue_create(name.c_str(), 8, 16, 0);
    REQUIRE(queue != nullptr);
    char out[64];
    CHECK_EQ(lsm_queue_take_packed(queue, out, sizeof out, 8), 0);  // empty: none taken
    std::string batch;
    pack(batch, "one");
    pack(batch, "");
    pack(batch, "three");
    CHECK_EQ(lsm_queue_enqueue_packed(queue, batch.data(), batch.size(), 3), 3);
    CHECK_EQ(lsm_queue_size(queue), 3);
    // Room for "one" and "" only: two taken, more to come.
    CHECK_EQ(lsm_queue_take_packed(queue, out, 4 + 3 + 4 + 4, 8), 2 + LSM_BATCH_MORE);
    uint32_t length = 0;
    std::memcpy(&length, out, sizeof length);
    CHECK_EQ(length, 3u);
    CHECK(std::memcmp(out + 4, "one", 3) == 0);
    // Not even "three" fits: too small, needs its record.
    const int64_t answer = lsm_queue_take_packed(queue, out, 6, 8);
    CHECK(LSM_IS_TOO_SMALL(answer));
    CHECK_EQ(LSM_NEEDED_SIZE(answer), 4 + 5);
    CHECK_EQ(lsm_queue_take_packed(queue, out, sizeof out, 8), 1);
    // A record that overruns the batch: an error, the ones before it enqueued.
    std::string broken;
    pack(broken, "ok");
    const uint32_t lie = 100;
    broken.append(reinterpret_cast<const char*>(&lie), sizeof lie);
    CHECK_EQ(lsm_queue_enqueue_packed(queue, broken.data(), broken.size(), 2), LSM_RESULT_ERROR);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_ARGUMENT);
    CHECK_EQ(lsm_queue_size(queue), 1);
    lsm_queue_free(queue);
}

LSM_TEST("c_results", try_packed_batches_answer_as_the_blocking_ones) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("crp"));
    lsm_queue* queue = lsm_queue_create(name.c_str(), 2, 16, 0);
    REQUIRE(queue != nullptr);
    std::string batch;
    pack(batch, "a");
    pack(batch, "bb");
    pack(batch, "ccc");
    CHECK_EQ(lsm_queue_try_enqueue_packed(queue, batch.data(), batch.size(), 3), 2);  // full after two
    char out[64];
    const int64_t answer = lsm_queue_try_take_packed(queue, out, 5, 8);
    CHECK_EQ(answer, 1 + LSM_BATCH_MORE);  // "a" fits, "bb" does not
    CHECK_EQ(lsm_queue_try_take_packed(queue, out, sizeof out, 8), 1);
    CHECK_EQ(lsm_queue_try_take_packed(queue, out, sizeof out, 8), 0);
    lsm_queue_free(queue);
}

namespace {
// One read or take into a destination of `room` bytes: its answer and the size it needed.
struct TooSmallAnswer {
    int64_t answer;
    int64_t needed;
};
}  // namespace

// The check: no read or take answers "too small" in any other encoding (an error code,
// -1, a length of its own): each of them, given too little room, answers LSM_IS_TOO_SMALL with
// the size needed, sets no error and copies or removes nothing.
LSM_TEST("c_results", every_read_and_take_answers_too_small_in_the_named_encoding) {
    NameCleanup cleanup;
    const auto stream_name = cleanup.add(unique_name("crs"));
    const auto queue_name = cleanup.add(unique_name("crq"));
    lsm_stream_writer* writer = lsm_stream_writer_create(stream_name.c_str(), 64, 0);
    REQUIRE(writer != nullptr);
    lsm_stream_reader* reader = lsm_stream_reader_open(stream_name.c_str(), 64, 0);
    REQUIRE(reader != nullptr);
    lsm_queue* queue = lsm_queue_create(queue_name.c_str(), 4, 64, 0);
    REQUIRE(queue != nullptr);
    REQUIRE(lsm_stream_writer_write(writer, LSM_STREAM_STRING, "0123456789", 10) == 0);
    REQUIRE(lsm_queue_enqueue(queue, "abcdefg", 7) == LSM_ENQUEUED);

    char small[3];
    const auto from_answer = [](int64_t answer) { return TooSmallAnswer{answer, LSM_NEEDED_SIZE(answer)}; };
    const struct {
        const char* call;
        int64_t needed;
        std::function<TooSmallAnswer()> run;
    } calls[] = {
        {"lsm_stream_reader_read", 10, [&] { return from_answer(lsm_stream_reader_read(reader, small, sizeof small)); }},
        {"lsm_stream_reader_try_read", 10,
         [&] { return from_answer(lsm_stream_reader_try_read(reader, small, sizeof small)); }},
        {"lsm_queue_dequeue", 7,
         [&] {
             size_t length = 0;
             const int answer = lsm_queue_dequeue(queue, small, sizeof small, &length);
             return TooSmallAnswer{answer, int64_t(length)};
         }},
        {"lsm_queue_peek", 7,
         [&] {
             size_t length = 0;
             const int answer = lsm_queue_peek(queue, small, sizeof small, &length);
             return TooSmallAnswer{answer, int64_t(length)};
         }},
        {"lsm_queue_try_take (remove)", 7, [&] { return from_answer(lsm_queue_try_take(queue, 1, small, sizeof small)); }},
        {"lsm_queue_try_take (peek)", 7, [&] { return from_answer(lsm_queue_try_take(queue, 0, small, sizeof small)); }},
        {"lsm_queue_take_packed", 4 + 7, [&] { return from_answer(lsm_queue_take_packed(queue, small, sizeof small, 4)); }},
        {"lsm_queue_try_take_packed", 4 + 7,
         [&] { return from_answer(lsm_queue_try_take_packed(queue, small, sizeof small, 4)); }},
    };
    for (const auto& call : calls) {
        std::memset(small, 'x', sizeof small);
        const TooSmallAnswer got = call.run();
        if (!LSM_IS_TOO_SMALL(got.answer))
            ::lsm::test::record_failure(__FILE__, __LINE__,
                                        std::string(call.call) + " answered " + std::to_string(got.answer) +
                                            ", not LSM_IS_TOO_SMALL (error " + std::to_string(lsm_last_error()) + ")");
        if (got.needed != call.needed || lsm_last_error() != LSM_OK || small[0] != 'x' || lsm_queue_size(queue) != 1)
            ::lsm::test::record_failure(__FILE__, __LINE__,
                                        std::string(call.call) + ": needs " + std::to_string(got.needed) + " (not " +
                                            std::to_string(call.needed) + "), error " +
                                            std::to_string(lsm_last_error()) + ", or it copied or removed");
    }
    size_t length = 0;
    CHECK_EQ(lsm_queue_dequeue(queue, small, sizeof small, &length), LSM_TOO_SMALL_SEE_LENGTH);
    lsm_queue_free(queue);
    lsm_stream_reader_free(reader);
    lsm_stream_writer_free(writer);
}
