// lsm::StreamWriter / StreamReader: the exact bytes of WIRE.md §2, the errors, contention.
#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>
#include <vector>

#include "check.hpp"
#include "lsm/stream.hpp"

using lsm::ErrorCode;
using lsm::StreamReader;
using lsm::StreamType;
using lsm::StreamWriter;
using lsm::test::NameCleanup;
using lsm::test::unique_name;

namespace {

// The header as raw bytes, read through a second mapping of the segment.
struct Header {
    std::uint8_t flags;
    std::uint8_t padding[3];
    std::uint32_t revision, ack, size, lock;
};

Header header_of(const std::string& name, std::size_t size) {
    lsm::Segment raw = lsm::Segment::open(name, size, true);
    Header h{};
    std::memcpy(&h, raw.data(), sizeof h);
    return h;
}

void poke_u32(const std::string& name, std::size_t size, std::size_t offset, std::uint32_t value) {
    lsm::Segment raw = lsm::Segment::open(name, size, true);
    std::memcpy(raw.data() + offset, &value, sizeof value);
}

}  // namespace

LSM_TEST("stream", header_layout_is_twenty_bytes) {
    static_assert(sizeof(Header) == lsm::stream_layout::header_size);
    CHECK_EQ(lsm::stream_layout::size_offset, 12u);
    CHECK_EQ(lsm::stream_layout::lock_offset, 16u);
}

LSM_TEST("stream", writer_creation_zeroes_header) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("screate"));
    {
        lsm::Segment dirty = lsm::Segment::create(name, 64, true);
        std::memset(dirty.data(), 0xFF, 64);
    }
    StreamWriter writer(name, 64, true);
    const Header h = header_of(name, 64);
    CHECK_EQ(int(h.flags), 0);
    CHECK_EQ(h.revision, 0u);
    CHECK_EQ(h.ack, 0u);
    CHECK_EQ(h.size, 0u);
    CHECK_EQ(h.lock, 0u);
    CHECK(writer.is_message_read());
}

LSM_TEST("stream", each_write_matches_the_wire_tables) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("swire"));
    StreamWriter writer(name, 128, true);
    StreamReader reader(name, 128, true);

    writer.write(StreamType::string, "hello", 5);
    Header h = header_of(name, 128);
    CHECK_EQ(int(h.flags), 2 | 1);  // string, change bit flipped from 0 to 1
    CHECK_EQ(h.revision, 1u);
    CHECK_EQ(h.ack, 0u);
    CHECK_EQ(h.size, 5u);
    CHECK_EQ(h.lock, 0u);
    CHECK(!writer.is_message_read());
    CHECK(reader.has_new_data());
    CHECK_EQ(reader.read_string(), std::string("hello"));
    CHECK(reader.has_new_data());  // reading does not acknowledge
    reader.mark_as_read();
    CHECK(!reader.has_new_data());
    CHECK(writer.is_message_read());
    h = header_of(name, 128);
    CHECK_EQ(h.ack, 1u);

    const float floats[] = {1.5f, -2.25f, 3.0f};
    writer.write(StreamType::float32, floats, sizeof floats);
    h = header_of(name, 128);
    CHECK_EQ(int(h.flags), 4);  // float, change bit back to 0, string bit dropped
    CHECK_EQ(h.revision, 2u);
    CHECK_EQ(h.ack, 1u);
    CHECK_EQ(h.size, 12u);
    CHECK_EQ(h.lock, 0u);
    const auto read_floats = reader.read_floats();
    REQUIRE(read_floats.size() == 3);
    CHECK_EQ(read_floats[1], -2.25f);

    const double doubles[] = {1e300, -0.5};
    writer.write(StreamType::float64, doubles, sizeof doubles);
    h = header_of(name, 128);
    CHECK_EQ(int(h.flags), 8 | 1);
    CHECK_EQ(h.revision, 3u);
    CHECK_EQ(h.size, 16u);
    CHECK_EQ(h.lock, 0u);
    const auto read_doubles = reader.read_doubles();
    REQUIRE(read_doubles.size() == 2);
    CHECK_EQ(read_doubles[0], 1e300);

    writer.write(StreamType::string, "", 0);  // empty is a write too
    h = header_of(name, 128);
    CHECK_EQ(int(h.flags), 2);
    CHECK_EQ(h.revision, 4u);
    CHECK_EQ(h.size, 0u);
    CHECK_EQ(reader.read_string(), std::string());
    CHECK_EQ(std::memcmp(reinterpret_cast<const char*>(&h) + 1, "\0\0\0", 3), 0);  // padding stays zero
}

LSM_TEST("stream", reader_opened_late_sees_no_new_data) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("slate"));
    StreamWriter writer(name, 64, true);
    writer.write(StreamType::string, "x", 1);
    StreamReader reader(name, 64, true);
    CHECK(!reader.has_new_data());
    CHECK_EQ(reader.read_string(), std::string("x"));
    writer.write(StreamType::string, "y", 1);
    CHECK(reader.has_new_data());
}

LSM_TEST("stream", maximum_payload_fits_one_more_is_refused) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("smax"));
    StreamWriter writer(name, 84, true);
    StreamReader reader(name, 84, true);
    CHECK_EQ(writer.max_payload(), 64u);
    std::string full(64, 'm');
    writer.write(StreamType::string, full.data(), full.size());
    CHECK_EQ(reader.read_string(), full);
    const Header before = header_of(name, 84);
    std::string big(65, 'b');
    CHECK_THROWS_CODE(ErrorCode::too_large, writer.write(StreamType::string, big.data(), big.size()));
    const Header after = header_of(name, 84);
    CHECK_EQ(std::memcmp(&before, &after, sizeof before), 0);
    CHECK_EQ(reader.read_string(), full);
    std::vector<std::byte> small(10);
    CHECK_THROWS_CODE(ErrorCode::too_large, reader.read_into(small.data(), small.size()));
    CHECK_EQ(header_of(name, 84).lock, 0u);  // the failed read released the lock
}

LSM_TEST("stream", corrupt_size_is_reported_not_followed) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("scorrupt"));
    StreamWriter writer(name, 64, true);
    StreamReader reader(name, 64, true);
    poke_u32(name, 64, lsm::stream_layout::size_offset, 45);  // payload area is 44
    CHECK_THROWS_CODE(ErrorCode::corrupt, reader.read_string());
    CHECK_THROWS_CODE(ErrorCode::corrupt, reader.payload_size());
    poke_u32(name, 64, lsm::stream_layout::size_offset, 0xFFFFFFFFu);
    std::vector<std::byte> out;
    CHECK_THROWS_CODE(ErrorCode::corrupt, reader.read_into(out));
    CHECK_EQ(header_of(name, 64).lock, 0u);
    poke_u32(name, 64, lsm::stream_layout::size_offset, 44);
    CHECK_EQ(reader.read_string().size(), 44u);
}

LSM_TEST("stream", too_small_buffer_size_is_refused) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("ssmall"));
    CHECK_THROWS_CODE(ErrorCode::invalid_size, StreamWriter(name, 20, true));
    CHECK_THROWS_CODE(ErrorCode::invalid_size, StreamWriter(name, 0, true));
    CHECK_THROWS_CODE(ErrorCode::not_found, lsm::Segment::open(name, 1, true));  // nothing was created
    StreamWriter writer(name, 21, true);
    CHECK_THROWS_CODE(ErrorCode::invalid_size, StreamReader(name, 20, true));
#if !defined(_WIN32)  // WIRE.md §1: on Windows, opening a persistent segment grows its file instead
    CHECK_THROWS_CODE(ErrorCode::invalid_size, StreamReader(name, 22, true));  // larger than the object
#endif
    CHECK_THROWS_CODE(ErrorCode::invalid_argument, writer.write(StreamType::none, "a", 1));
}

LSM_TEST("stream", held_lock_times_out_and_upstream_release_frees_it) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("slock"));
    StreamWriter writer(name, 64, true);
    StreamReader reader(name, 64, true);
    writer.set_lock_timeout(std::chrono::milliseconds(30));
    reader.set_lock_timeout(std::chrono::milliseconds(30));
    poke_u32(name, 64, lsm::stream_layout::lock_offset, 1);  // an upstream process holds it
    CHECK_THROWS_CODE(ErrorCode::timeout, writer.write(StreamType::string, "a", 1));
    CHECK_THROWS_CODE(ErrorCode::timeout, reader.read_string());
    CHECK_EQ(header_of(name, 64).revision, 0u);
    poke_u32(name, 64, lsm::stream_layout::lock_offset, 0);  // upstream releases by storing 0
    writer.write(StreamType::string, "a", 1);
    CHECK_EQ(reader.read_string(), std::string("a"));
}

LSM_TEST("stream", contended_payloads_are_never_torn) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("storn"));
    constexpr std::size_t size = 20 + 4096;
    StreamWriter shared_writer(name, size, true);
    StreamReader shared_reader(name, size, true);
    std::atomic<bool> stop{false};
    std::atomic<int> torn{0};
    std::atomic<long> reads{0};
    std::vector<std::thread> threads;
    // Writers share the one handle (a second writer would re-create the segment); readers use
    // the shared handle or their own.
    for (int w = 0; w < 3; ++w) {
        threads.emplace_back([&, w] {
            std::string payload;
            for (unsigned i = 0; !stop.load(); ++i) {
                // Self-checking: length varies, every byte repeats the same letter.
                payload.assign(1 + (i * 37 + w * 101) % 4000, static_cast<char>('a' + (i + w) % 26));
                shared_writer.write(StreamType::string, payload.data(), payload.size());
            }
        });
    }
    for (int r = 0; r < 3; ++r) {
        threads.emplace_back([&, r] {
            StreamReader own(name, size, true);
            StreamReader& reader = r == 0 ? shared_reader : own;
            while (!stop.load()) {
                const std::string s = reader.read_string();
                for (char c : s)
                    if (c != s[0]) {
                        ++torn;
                        break;
                    }
                ++reads;
            }
        });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    stop = true;
    for (auto& t : threads) t.join();
    CHECK_EQ(torn.load(), 0);
    CHECK(reads.load() > 0);
    CHECK_EQ(header_of(name, size).lock, 0u);
}
