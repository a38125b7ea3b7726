// What both fuzz targets share: a hostile peer's segment whose every byte the fuzzer chooses.
//
// The object is one or two pages and the code under test maps exactly all of it, so any
// access past the mapping faults at once (the next page is not ours) and the fuzzer reports it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>

#include <unistd.h>

#include "lsm/segment.hpp"

namespace lsm::fuzz {

inline constexpr std::size_t page = 4096;

struct Filled {
    const std::string& name;
    std::size_t size;
};

class HostileSegment {
public:
    // Fills a segment with `data` (zero-padded) and returns its name and size. The first
    // input byte picks the size: one or two pages.
    Filled fill(const std::uint8_t* data, std::size_t size) {
        Slot& slot = (size > 0 && (data[0] & 1)) ? two_pages_ : one_page_;
        if (size > 0) {
            ++data;
            --size;
        }
        std::byte* bytes = slot.segment.data();
        const std::size_t copied = size < slot.segment.size() ? size : slot.segment.size();
        std::memcpy(bytes, data, copied);
        std::memset(bytes + copied, 0, slot.segment.size() - copied);
        return {slot.name, slot.segment.size()};
    }

private:
    struct Slot {
        explicit Slot(std::size_t bytes)
            : name("lsmfuzz_" + std::to_string(::getpid()) + "_" + std::to_string(bytes)),
              segment(Segment::create(name, bytes, false)) {}  // not persistent: removed at exit
        std::string name;
        Segment segment;
    };
    Slot one_page_{page};
    Slot two_pages_{2 * page};
};

// One fixture per fuzzing process, destroyed at exit (which removes both names).
inline HostileSegment& fixture() {
    static HostileSegment segments;
    return segments;
}

}  // namespace lsm::fuzz
