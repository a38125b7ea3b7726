// Stream scenarios (the JMH StreamBenchmark and StreamWritersBenchmark): one write or read of
// a 16 B, 1 KiB or 64 KiB payload per payload kind, and 1/2/4/8 threads writing 64 B to one
// stream. What a C++ user of the core would write: the payload kinds differ only in type bits
// on the write side. Reads that return a new object in Java (string, bytes, floats) return a
// new one here too; the ByteBuffer read copies into a reusable buffer on both sides.
#include <string>
#include <vector>

#include "harness.hpp"
#include "lsm/stream.hpp"

namespace lsm::bench {
namespace {

void stream_family(const Settings& settings, const std::function<bool(const std::string&)>& selected) {
    for (std::size_t size : {std::size_t{16}, std::size_t{1024}, std::size_t{65536}}) {
        std::string s = "_";
        s.append(std::to_string(size));
        const std::string name = unique_name("stream");
        StreamWriter writer(name, 20 + size, false);
        StreamReader reader(name, 20 + size, true);
        const std::string text(size, 'x');
        const std::vector<std::byte> bytes(size, std::byte{'x'});
        const std::vector<float> floats(size / sizeof(float), 1.5f);
        std::vector<std::byte> into(size);
        writer.write(StreamType::string, bytes.data(), bytes.size());

        if (selected("stream_write_string" + s))
            single(settings, "stream_write_string" + s, [&] { writer.write(StreamType::string, text.data(), text.size()); });
        if (selected("stream_write_bytes" + s))
            single(settings, "stream_write_bytes" + s, [&] { writer.write(StreamType::string, bytes.data(), bytes.size()); });
        if (selected("stream_write_bytebuffer" + s))
            single(settings, "stream_write_bytebuffer" + s, [&] { writer.write(StreamType::string, bytes.data(), bytes.size()); });
        if (selected("stream_write_floats" + s))
            single(settings, "stream_write_floats" + s,
                   [&] { writer.write(StreamType::float32, floats.data(), floats.size() * sizeof(float)); });
        writer.write(StreamType::string, bytes.data(), bytes.size());
        if (selected("stream_read_string" + s))
            single(settings, "stream_read_string" + s, [&] {
                std::string got = reader.read_string();
                clobber();
            });
        // Java's readBytes() returns a new array: the native counterpart reads into a new vector.
        if (selected("stream_read_bytes" + s))
            single(settings, "stream_read_bytes" + s, [&] {
                std::vector<std::byte> got;
                reader.read_into(got);
                clobber();
            });
        if (selected("stream_read_bytebuffer" + s))
            single(settings, "stream_read_bytebuffer" + s, [&] { reader.read_into(into.data(), into.size()); });
        if (selected("stream_read_floats" + s))
            single(settings, "stream_read_floats" + s, [&] {
                std::vector<float> got = reader.read_floats();
                clobber();
            });
    }
    for (int threads_count : {1, 2, 4, 8}) {
        const std::string scenario = "stream_writers_" + std::to_string(threads_count);
        if (!selected(scenario)) continue;
        StreamWriter writer(unique_name("writers"), 20 + 64, false);
        threads(settings, scenario, {{threads_count, true, [&](int, const std::atomic<bool>&) {
                                          thread_local const std::vector<std::byte> payload(64, std::byte{'x'});
                                          writer.write(StreamType::string, payload.data(), payload.size());
                                          return true;
                                      }}});
    }
}

const Registration registration("stream", stream_family);

}  // namespace
}  // namespace lsm::bench
