// The stream segment of WIRE.md §2, as named constants. Everything here is wire format:
// a C++ process built against libsharedmemory 2.0.0 reads and writes the same bytes.
//
//   offset  size  field
//        0     1  flags     data type bit (2 string, 4 float, 8 double) | change bit (1)
//        1     3  padding   zero (byte 1: our write-in-progress mark; bytes 2-3: our waiter counts)
//        4     4  revision  +1 per completed write (atomic, release)
//        8     4  ack       the revision a reader last acknowledged (atomic, release)
//       12     4  size      payload length in bytes (written and read under the lock)
//       16     4  lock      0 free, anything else held (upstream stores 1)
//       20  size  data      UTF-8 bytes, float32 or float64 values
//
// Multi-byte fields are 32-bit unsigned in native byte order.
#pragma once

#include <cstddef>
#include <cstdint>

namespace lsm::stream_layout {

inline constexpr std::size_t flags_offset = 0;
inline constexpr std::size_t revision_offset = 4;
inline constexpr std::size_t ack_offset = 8;
inline constexpr std::size_t size_offset = 12;
inline constexpr std::size_t lock_offset = 16;
inline constexpr std::size_t data_offset = 20;

// The header occupies the first data_offset bytes: the payload area is the rest.
inline constexpr std::size_t header_size = data_offset;

// Byte 1 (padding, zero for upstream) is our write-in-progress mark: our writer sets it
// under the lock before it touches the payload and clears it before it increments the
// revision. Finding it set while holding the lock means a writer died mid-write: the payload
// may be half old, half new, so the taker empties it (size 0). Upstream never writes it.
inline constexpr std::size_t write_mark_offset = 1;
inline constexpr std::uint8_t write_mark = 0x57;  // 'W'

// Bytes 2 and 3 (padding, never read by upstream): how many of our threads sleep waiting for
// a new revision (readers) and for the ack (writers' waitForRead), so that a write or an ack
// makes a wake call only when someone sleeps (address_wait.hpp). Every store to bytes 0-3 is
// a one-byte store (upstream's writer too: it copies the one flags byte), so none clobbers them.
inline constexpr std::size_t revision_waiters_offset = 2;
inline constexpr std::size_t ack_waiters_offset = 3;

// Flags byte. The change bit flips on every write, so a reader that compares flags
// sees every change; the type bit replaces the previous one.
inline constexpr std::uint8_t change_bit = 1;
inline constexpr std::uint8_t type_string = 2;
inline constexpr std::uint8_t type_float = 4;
inline constexpr std::uint8_t type_double = 8;
inline constexpr std::uint8_t type_mask = static_cast<std::uint8_t>(~change_bit);

// The largest payload a segment of `segment_size` bytes holds (0 if it cannot hold a header).
constexpr std::size_t max_payload(std::size_t segment_size) noexcept {
    return segment_size > header_size ? segment_size - header_size : 0;
}

}  // namespace lsm::stream_layout
