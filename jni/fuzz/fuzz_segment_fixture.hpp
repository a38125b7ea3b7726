// What both fuzz targets share: a hostile peer's segment whose every byte the fuzzer chooses.
//
// A segment is one or two pages and the code under test maps exactly all of it, so any
// access past the mapping faults at once (or lands in another mapping, which ASan then
// usually reports as a wild access) and the fuzzer reports it.
//
// Input layout: byte 0 is the control byte (bit 0: two pages instead of one; the other bits
// are for the target), the rest is copied over the segment from offset 0, zero-padded.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include <unistd.h>

#include "lsm/error.hpp"
#include "lsm/segment.hpp"

namespace lsm::fuzz {

inline constexpr std::size_t page = 4096;

// Runs `operation`; an lsm::Error is an acceptable outcome for a hostile segment, anything
// else (a crash, a sanitizer report, another exception type) is a finding.
template <typename Operation>
void attempt(Operation&& operation) {
    try {
        operation();
    } catch (const lsm::Error&) {
    }
}

struct Input {
    std::uint8_t control = 0;
    const std::uint8_t* bytes = nullptr;
    std::size_t size = 0;

    bool two_pages() const noexcept { return control & 1; }
    bool bit(int n) const noexcept { return (control >> n) & 1; }
    // A number taken from the last input bytes (for argument sizes), 0 when there are none.
    std::size_t tail_number() const noexcept {
        std::size_t value = 0;
        for (std::size_t i = 0; i < 2 && i < size; ++i) value = value << 8 | bytes[size - 1 - i];
        return value;
    }
};

inline Input split(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return {};
    return {data[0], data + 1, size - 1};
}

// A segment name for this fuzzing process.
inline std::string fuzz_name(const char* kind, std::size_t bytes) {
    return std::string("lsmfuzz_") + kind + "_" + std::to_string(::getpid()) + "_" + std::to_string(bytes);
}

// Copies the input over a mapping, zero-padded.
inline void fill(std::byte* data, std::size_t size, const Input& input) {
    const std::size_t copied = input.size < size ? input.size : size;
    if (copied != 0) std::memcpy(data, input.bytes, copied);
    std::memset(data + copied, 0, size - copied);
}

// A named segment of `bytes` bytes and a raw mapping of it, through which the hostile peer
// writes. Not persistent: the name is removed when the fuzzing process exits.
class HostileSegment {
public:
    explicit HostileSegment(std::size_t bytes)
        : name_(fuzz_name("q", bytes)),
          raw_(Segment::create(name_, bytes, false)) {}

    const std::string& name() const noexcept { return name_; }
    std::size_t size() const noexcept { return raw_.size(); }
    std::byte* raw() const noexcept { return raw_.data(); }

    // Copies the input over the segment, zero-padded.
    void fill(const Input& input) { lsm::fuzz::fill(raw_.data(), raw_.size(), input); }

    // Writes a native-endian 32-bit field, as a peer would.
    void put32(std::size_t offset, std::uint32_t value) { std::memcpy(raw_.data() + offset, &value, sizeof value); }

private:
    std::string name_;
    Segment raw_;
};

}  // namespace lsm::fuzz
