// lsm_c.h queue functions: the upstream queue example's sequence, errors and NULL handles.
#include <cstring>
#include <string>

#include "check.hpp"
#include "lsm_c.h"

using lsm::test::NameCleanup;
using lsm::test::unique_name;

LSM_TEST("c_queue", example_sequence) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("cq"));
    lsm_queue* writer = lsm_queue_create(name.c_str(), 10, 256, 1);
    REQUIRE(writer != nullptr);
    lsm_queue* reader = lsm_queue_open(name.c_str(), 10, 256, 1);
    REQUIRE(reader != nullptr);
    CHECK_EQ(lsm_queue_enqueue(writer, "First message", 13), 1);
    CHECK_EQ(lsm_queue_enqueue(writer, "Second message", 14), 1);
    char buffer[256];
    size_t length = 0;
    CHECK_EQ(lsm_queue_dequeue(reader, buffer, sizeof buffer, &length), 1);
    CHECK_EQ(std::string(buffer, length), std::string("First message"));
    CHECK_EQ(lsm_queue_peek(reader, buffer, sizeof buffer, &length), 1);
    CHECK_EQ(std::string(buffer, length), std::string("Second message"));
    CHECK_EQ(lsm_queue_size(reader), 1);
    lsm_queue* third = lsm_queue_open_existing(name.c_str(), 1);
    REQUIRE(third != nullptr);
    CHECK_EQ(lsm_queue_capacity(third), 10u);
    CHECK_EQ(lsm_queue_max_message_size(third), 256u);
    lsm_queue_free(third);
    lsm_queue_free(reader);
    lsm_queue_destroy(writer);
    lsm_queue_free(writer);
    CHECK(lsm_queue_open_existing(name.c_str(), 1) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_NOT_FOUND);
}

LSM_TEST("c_queue", errors) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("cqerr"));
    CHECK(lsm_queue_create(name.c_str(), 0, 8, 1) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_SIZE);
    CHECK(lsm_queue_create(name.c_str(), 8, 0, 1) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_SIZE);
    CHECK(lsm_queue_create(name.c_str(), 0xFFFFFFFFu, 0xFFFFFFFFu, 1) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_SIZE);
    CHECK(lsm_queue_create(nullptr, 8, 8, 1) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_NAME);
    lsm_queue* q = lsm_queue_create(name.c_str(), 2, 4, 0);
    REQUIRE(q != nullptr);
    CHECK_EQ(lsm_queue_enqueue(q, "12345", 5), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_TOO_LARGE);
    CHECK_EQ(lsm_queue_size(q), 0);
    CHECK_EQ(lsm_queue_enqueue(q, "1234", 4), 1);
    CHECK_EQ(lsm_queue_enqueue(q, "", 0), 1);
    CHECK_EQ(lsm_queue_enqueue(q, "x", 1), 0);  // full
    char small[2];
    size_t length = 0;
    CHECK_EQ(lsm_queue_dequeue(q, small, sizeof small, &length), LSM_TOO_SMALL_SEE_LENGTH);  // not an error
    CHECK_EQ(lsm_last_error(), LSM_OK);
    CHECK_EQ(length, 4u);
    CHECK_EQ(lsm_queue_size(q), 2);
    char room[4];
    CHECK_EQ(lsm_queue_dequeue(q, room, sizeof room, &length), 1);
    CHECK_EQ(lsm_queue_dequeue(q, nullptr, 0, &length), 1);  // the empty message
    CHECK_EQ(length, 0u);
    CHECK_EQ(lsm_queue_dequeue(q, room, sizeof room, &length), 0);
    CHECK(lsm_queue_open(name.c_str(), 1, 4, 0) == nullptr);  // same persistence: on Windows it picks the object kind
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_ARGUMENT);
    lsm_queue_free(q);  // not persistent: the name goes with it
    CHECK(lsm_queue_open_existing(name.c_str(), 1) == nullptr);
    // NULL handles.
    CHECK_EQ(lsm_queue_enqueue(nullptr, "x", 1), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_ARGUMENT);
    CHECK_EQ(lsm_queue_dequeue(nullptr, room, 4, &length), -1);
    CHECK_EQ(lsm_queue_size(nullptr), -1);
    CHECK_EQ(lsm_queue_capacity(nullptr), 0u);
    lsm_queue_set_lock_timeout_ms(nullptr, 1);
    lsm_queue_destroy(nullptr);
    lsm_queue_free(nullptr);
}

// UTF-16 text is enqueued as the bytes Java's String.getBytes(UTF_8) gives it; its UTF-8 size is
// what must fit the max message size.
LSM_TEST("c_queue", utf16_text_is_enqueued_as_utf8) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("cqutf16"));
    lsm_queue* queue = lsm_queue_create(name.c_str(), 4, 8, 0);
    REQUIRE(queue != nullptr);
    const uint16_t text[] = {'a', 0xE9, 0xD83D, 0xDE00};  // a, e-acute, a smiling face: 1 + 2 + 4 bytes
    CHECK_EQ(lsm_queue_enqueue_utf16(queue, text, 4), LSM_ENQUEUED);
    const uint16_t lone[] = {0xDC00, 0xD800};  // unpaired: '?' each
    CHECK_EQ(lsm_queue_try_enqueue_utf16(queue, lone, 2), LSM_ENQUEUED);
    const uint16_t too_large[] = {0x20AC, 0x20AC, 0x20AC};  // 9 bytes > 8
    CHECK_EQ(lsm_queue_enqueue_utf16(queue, too_large, 3), LSM_RESULT_ERROR);
    CHECK_EQ(lsm_last_error(), LSM_ERR_TOO_LARGE);
    CHECK_EQ(lsm_queue_enqueue_utf16(queue, nullptr, 1), LSM_RESULT_ERROR);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_ARGUMENT);
    CHECK_EQ(lsm_queue_size(queue), 2);
    char out[8] = {};
    size_t length = 0;
    CHECK_EQ(lsm_queue_dequeue(queue, out, sizeof out, &length), 1);
    CHECK_EQ(length, 7u);
    CHECK(std::memcmp(out, "a\xC3\xA9\xF0\x9F\x98\x80", 7) == 0);
    CHECK_EQ(lsm_queue_dequeue(queue, out, sizeof out, &length), 1);
    CHECK_EQ(length, 2u);
    CHECK(std::memcmp(out, "??", 2) == 0);
    lsm_queue_free(queue);
}
