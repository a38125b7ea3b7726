// lsm_c.h stream functions: a round trip, change detection, and the error record.
#include <cstring>
#include <string>
#include <vector>

#include "check.hpp"
#include "lsm_c.h"

using lsm::test::NameCleanup;
using lsm::test::unique_name;

LSM_TEST("c_stream", round_trip_and_change_detection) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("cs"));
    lsm_stream_writer* writer = lsm_stream_writer_create(name.c_str(), 64, 1);
    REQUIRE(writer != nullptr);
    lsm_stream_reader* reader = lsm_stream_reader_open(name.c_str(), 64, 1);
    REQUIRE(reader != nullptr);
    CHECK_EQ(lsm_stream_reader_has_new_data(reader), 0);
    CHECK_EQ(lsm_stream_writer_is_message_read(writer), 1);

    const char text[] = "Hello from C";
    CHECK_EQ(lsm_stream_writer_write(writer, LSM_STREAM_STRING, text, sizeof text - 1), 0);
    CHECK_EQ(lsm_stream_writer_revision(writer), 1);
    CHECK_EQ(lsm_stream_reader_flags(reader), LSM_STREAM_STRING | LSM_STREAM_CHANGE_BIT);
    CHECK_EQ(lsm_stream_reader_has_new_data(reader), 1);
    CHECK_EQ(lsm_stream_writer_is_message_read(writer), 0);
    CHECK_EQ(lsm_stream_reader_size(reader), 12);
    char out[64] = {};
    CHECK_EQ(lsm_stream_reader_read(reader, out, sizeof out), 12);
    CHECK(std::strcmp(out, text) == 0);
    CHECK_EQ(lsm_stream_reader_mark_as_read(reader), 0);
    CHECK_EQ(lsm_stream_reader_has_new_data(reader), 0);
    CHECK_EQ(lsm_stream_writer_is_message_read(writer), 1);

    const double values[] = {0.25, 8.5};
    CHECK_EQ(lsm_stream_writer_write(writer, LSM_STREAM_DOUBLE, values, sizeof values), 0);
    CHECK_EQ(lsm_stream_reader_flags(reader), LSM_STREAM_DOUBLE);
    double read_values[2] = {};
    CHECK_EQ(lsm_stream_reader_read(reader, read_values, sizeof read_values), 16);
    CHECK_EQ(read_values[1], 8.5);

    lsm_stream_reader_free(reader);
    CHECK_EQ(lsm_stream_writer_destroy(writer), 0);
    lsm_stream_writer_free(writer);
    CHECK(lsm_stream_reader_open(name.c_str(), 64, 1) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_NOT_FOUND);
}

LSM_TEST("c_stream", errors_are_recorded) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("cserr"));
    CHECK(lsm_stream_writer_create(name.c_str(), LSM_STREAM_HEADER_SIZE, 1) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_SIZE);
    CHECK(lsm_stream_writer_create(nullptr, 64, 1) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_NAME);
    lsm_stream_writer* writer = lsm_stream_writer_create(name.c_str(), 30, 0);
    REQUIRE(writer != nullptr);
    char big[11] = {};
    CHECK_EQ(lsm_stream_writer_write(writer, LSM_STREAM_STRING, big, sizeof big), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_TOO_LARGE);
    CHECK(std::strstr(lsm_last_error_message(), name.c_str()) != nullptr);
    CHECK_EQ(lsm_stream_writer_write(writer, LSM_STREAM_STRING, big, 10), 0);
    CHECK_EQ(lsm_last_error(), LSM_OK);
    // Same persistence as the writer: on Windows it picks the kind of object (file or named mapping).
    lsm_stream_reader* reader = lsm_stream_reader_open(name.c_str(), 30, 0);
    REQUIRE(reader != nullptr);
    char small[4];
    // Reads answer "too small" with the size instead of an error, copying nothing.
    std::memset(small, 'x', sizeof small);
    CHECK_EQ(lsm_stream_reader_read(reader, small, sizeof small), LSM_TOO_SMALL(10));
    CHECK_EQ(lsm_last_error(), LSM_OK);
    CHECK_EQ(lsm_stream_reader_try_read(reader, small, sizeof small), LSM_TOO_SMALL(10));
    CHECK_EQ(lsm_last_error(), LSM_OK);
    CHECK_EQ(small[0], 'x');
    CHECK_EQ(lsm_stream_reader_try_read(reader, big, sizeof big), 10);
    CHECK_EQ(lsm_stream_writer_write(writer, 3, big, 1), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_ARGUMENT);
    CHECK_EQ(lsm_stream_writer_set_lock_timeout_ms(writer, -1), -1);
    CHECK_EQ(lsm_stream_writer_is_message_read(nullptr), -1);
    CHECK_EQ(lsm_stream_reader_has_new_data(nullptr), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_ARGUMENT);
    lsm_stream_writer_free(writer);  // not persistent: removes the name
    lsm_stream_reader_free(reader);
    CHECK(lsm_stream_reader_open(name.c_str(), 30, 0) == nullptr);
    lsm_stream_writer_free(nullptr);
    lsm_stream_reader_free(nullptr);
}

// UTF-16 text is written as the bytes Java's String.getBytes(UTF_8) gives it: pairs as 4-byte
// sequences, an unpaired surrogate as '?'; the UTF-8 size is what must fit.
LSM_TEST("c_stream", utf16_text_is_written_as_utf8) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("csutf16"));
    lsm_stream_writer* writer = lsm_stream_writer_create(name.c_str(), LSM_STREAM_HEADER_SIZE + 16, 0);
    REQUIRE(writer != nullptr);
    lsm_stream_reader* reader = lsm_stream_reader_open(name.c_str(), LSM_STREAM_HEADER_SIZE + 16, 0);
    REQUIRE(reader != nullptr);
    struct Case {
        std::vector<uint16_t> chars;
        std::string utf8;
    };
    const Case cases[] = {
        {{}, ""},
        {{'H', 'i', 0}, std::string("Hi\0", 3)},
        {{0xE9, 0x20AC}, "\xC3\xA9\xE2\x82\xAC"},
        {{0xD83D, 0xDE00, '!'}, "\xF0\x9F\x98\x80!"},
        {{0xD800, 'x'}, "?x"},             // a high surrogate not followed by a low one
        {{'x', 0xDC00}, "x?"},             // a low surrogate alone
        {{0xDBFF}, "?"},                   // a high surrogate at the end
        {{0x7FF, 0x800, 0xFFFF}, "\xDF\xBF\xE0\xA0\x80\xEF\xBF\xBF"},
    };
    for (const Case& c : cases) {
        CHECK_EQ(lsm_stream_writer_write_utf16(writer, c.chars.data(), c.chars.size()), 0);
        CHECK_EQ(lsm_stream_reader_flags(reader) & ~LSM_STREAM_CHANGE_BIT, LSM_STREAM_STRING);
        char out[16] = {};
        CHECK_EQ(lsm_stream_reader_read(reader, out, sizeof out), static_cast<int64_t>(c.utf8.size()));
        CHECK(std::memcmp(out, c.utf8.data(), c.utf8.size()) == 0);
    }
    const std::vector<uint16_t> fits(5, 0x20AC);   // 15 bytes of UTF-8
    CHECK_EQ(lsm_stream_writer_try_write_utf16(writer, fits.data(), fits.size()), 0);
    CHECK_EQ(lsm_stream_reader_size(reader), 15);
    const std::vector<uint16_t> too_large(6, 0x20AC);  // 18 bytes: refused, nothing written
    CHECK_EQ(lsm_stream_writer_write_utf16(writer, too_large.data(), too_large.size()), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_TOO_LARGE);
    CHECK_EQ(lsm_stream_reader_size(reader), 15);
    CHECK_EQ(lsm_stream_writer_write_utf16(writer, nullptr, 1), -1);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_ARGUMENT);
    CHECK_EQ(lsm_stream_writer_write_utf16(nullptr, fits.data(), fits.size()), -1);
    lsm_stream_reader_free(reader);
    lsm_stream_writer_free(writer);
}
