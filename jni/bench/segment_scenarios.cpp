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
        // Java copies through the buffer view (segment_*_bytes) and through SharedMemory.write/read
        // (segment_copy_*): the native counterpart of both is a memcpy.
        const std::string writes[] = {"segment_write_bytes_" + std::to_string(size), "segment_copy_in_" + std::to_string(size)};
        const std::string reads[] = {"segment_read_bytes_" + std::to_string(size), "segment_copy_out_" + std::to_string(size)};
        Segment segment = Segment::create(unique_name("seg"), size, false);
        std::vector<std::byte> message(size, std::byte{'x'});
        std::vector<std::byte> into(size);
        for (const std::string& name : writes)
            if (selected(name)) single(settings, name, [&] { std::memcpy(segment.data(), message.data(), size); });
        for (const std::string& name : reads)
            if (selected(name)) single(settings, name, [&] { std::memcpy(into.data(), segment.data(), size); });
    }
}

const Registration registration("segment", segment_family);

}  // namespace
}  // namespace lsm::bench
