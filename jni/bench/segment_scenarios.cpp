// Raw segment scenarios: copying a payload into and out of a mapped segment, the native
// counterpart of a Java ByteBuffer bulk put/get on SharedMemory.buffer().
#include <cstring>
#include <vector>

#include "harness.hpp"
#include "lsm/segment.hpp"

namespace lsm::bench {
namespace {

void segment_family(const Settings& settings, const std::function<bool(const std::string&)>& selected) {
    for (std::size_t size : {std::size_t{16}, std::size_t{1024}, std::size_t{65536}}) {
        const std::string write_name = "segment_write_bytes_" + std::to_string(size);
        const std::string read_name = "segment_read_bytes_" + std::to_string(size);
        if (!selected(write_name) && !selected(read_name)) continue;
        Segment segment = Segment::create(unique_name("seg"), size, false);
        std::vector<std::byte> message(size, std::byte{'x'});
        std::vector<std::byte> into(size);
        if (selected(write_name))
            single(settings, write_name, [&] { std::memcpy(segment.data(), message.data(), size); });
        if (selected(read_name))
            single(settings, read_name, [&] { std::memcpy(into.data(), segment.data(), size); });
    }
}

const Registration registration("segment", segment_family);

}  // namespace
}  // namespace lsm::bench
