// libFuzzer target: every stream operation, writer and reader, on a segment a hostile peer
// wrote. Each must end in a result or an lsm::Error — never a crash, never an access outside
// the mapping.
//
// The writer is created once (creating zeroes the header), then the hostile bytes are written
// over its segment through a second mapping: the writer then works on a header it did not
// write, as it does when a broken peer shares its stream. Control bits: 1 = write before the
// reads, 2 = take the lock word as given (otherwise it is cleared, so that reads get past it).
// A write of UTF-16 text takes the input's bytes as its chars.
#include <chrono>
#include <cstring>
#include <memory>
#include <vector>

#include "fuzz_segment_fixture.hpp"
#include "lsm/stream.hpp"
#include "lsm/stream_layout.hpp"

namespace {

using lsm::fuzz::attempt;
using lsm::fuzz::Input;

// A writer (one or two pages) and the hostile peer's raw mapping of the writer's segment.
struct Side {
    explicit Side(std::size_t bytes)
        : writer(lsm::fuzz::fuzz_name("s", bytes), bytes, false),  // not persistent: removed at exit
          raw(lsm::Segment::open(writer.name(), bytes, true)) {
        writer.set_lock_timeout(std::chrono::nanoseconds(0));  // a held lock word fails fast
    }
    lsm::StreamWriter writer;
    lsm::Segment raw;
};

void fill(lsm::Segment& raw, const Input& input, bool keep_lock) {
    lsm::fuzz::fill(raw.data(), raw.size(), input);
    if (!keep_lock) std::memset(raw.data() + lsm::stream_layout::lock_offset, 0, 4);
}

void write_all(lsm::StreamWriter& writer, const Input& input) {
    const std::size_t bytes = input.tail_number() % (writer.size() + 8);  // sometimes too large
    std::vector<std::byte> payload(bytes, std::byte{0x5A});
    attempt([&] { writer.write(lsm::StreamType::string, payload.data(), payload.size()); });
    attempt([&] { writer.write(lsm::StreamType::float64, payload.data(), payload.size() & ~std::size_t{7}); });
    attempt([&] { writer.write(static_cast<lsm::StreamType>(input.control), payload.data(), 1); });  // bad type
    attempt([&] {
        writer.write_with(lsm::StreamType::float32, bytes & ~std::size_t{3},
                          [&](std::byte* destination) { std::memset(destination, 0x11, bytes & ~std::size_t{3}); });
    });
    attempt([&] {  // the input as UTF-16 text (any surrogates): its UTF-8 is exactly the size the writer checked
        std::vector<std::uint16_t> chars(input.size / 2);
        if (!chars.empty()) std::memcpy(chars.data(), input.bytes, chars.size() * 2);
        writer.write_utf16(chars.data(), chars.size());
    });
    (void)writer.is_message_read();
    (void)writer.revision();
    (void)writer.ack();
    (void)writer.flags();
}

void read_all(const std::string& name, std::size_t size) {
    attempt([&] {
        lsm::StreamReader reader(name, size, true);
        reader.set_lock_timeout(std::chrono::nanoseconds(0));
        attempt([&] { (void)reader.payload_size(); });
        attempt([&] { (void)reader.read_string(); });
        attempt([&] { (void)reader.read_floats(); });
        attempt([&] { (void)reader.read_doubles(); });
        attempt([&] {
            std::byte small[16];
            (void)reader.read_into(small, sizeof small);
        });
        attempt([&] {
            std::vector<std::byte> out;
            (void)reader.read_into(out);
        });
        attempt([&] {
            (void)reader.read_with([](std::size_t) { return lsm::ReadTarget{nullptr, 0}; });  // size only
        });
        (void)reader.flags();
        (void)reader.has_new_data();
        reader.mark_as_read();
        (void)reader.is_stale();
    });
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Side one(lsm::fuzz::page);
    static Side two(2 * lsm::fuzz::page);
    const Input input = lsm::fuzz::split(data, size);
    Side& side = input.two_pages() ? two : one;
    fill(side.raw, input, input.bit(2));
    lsm::StreamWriter& writer = side.writer;
    if (input.bit(1)) write_all(writer, input);
    read_all(writer.name(), writer.size());
    write_all(writer, input);
    read_all(writer.name(), writer.size());
    return 0;
}
