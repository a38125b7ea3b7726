// The guard of SharedMemory's bulk copies (read/write with a byte[]): the mapping's bounds
// behind a CallGuard. A copy then costs no Java-side guard (a volatile store and its fence,
// ~7 ns), and close() waits here for copies in flight before the segment is unmapped. Created
// with the Java handle, closed by its close(), freed when the handle is collected (so a copy
// after close finds it and is refused). Copies run inside a FaultScope of the mapping: a segment
// shrunk by another process makes them throw CorruptSegmentException.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "lsm/call_guard.hpp"
#include "lsm/mapping_faults.hpp"
#include "lsm/segment.hpp"

namespace lsm::jni {

struct SegmentCopier {
    explicit SegmentCopier(const Segment& segment)
        : data(segment.data()), size(segment.size()), what("segment '" + segment.name() + "'"), watch(segment) {}

    CallGuard guard;
    std::byte* data;
    std::size_t size;
    std::string what;  // "segment 'name'", for errors
    MappingWatch watch;

    // True when [offset, offset + length) lies inside the mapping.
    bool covers(std::int64_t offset, std::size_t length) const noexcept {
        return offset >= 0 && static_cast<std::uint64_t>(offset) <= size && length <= size - static_cast<std::size_t>(offset);
    }
};

}  // namespace lsm::jni
