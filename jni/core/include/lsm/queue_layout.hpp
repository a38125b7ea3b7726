// The queue segment of WIRE.md §3, as named offsets and the size formula.
//
//   offset 0   writeIndex      next slot to write (guarded by producerLock)
//   offset 4   readIndex       next slot to read (guarded by consumerLock)
//   offset 8   capacity        number of slots
//   offset 12  count           messages in the queue (atomic: the producer/consumer hand-off)
//   offset 16  maxMessageSize  bytes a slot can hold
//   offset 20  producerLock    0 free, non-zero held
//   offset 24  consumerLock    0 free, non-zero held
//   offset 28  slot 0, then slot 1, ...: each a 4-byte length followed by maxMessageSize bytes
//
// Segment size = 28 + capacity × (4 + maxMessageSize). All fields are native-endian uint32.
//
// A queue this project creates has a wake block after the last slot (not part of upstream's
// format, which never looks past the ring): 64 bytes, the magic "lsmwake1", then one byte
// each counting our consumers sleeping while count == 0 and our producers sleeping while
// count == capacity (address_wait.hpp). A queue without it (created by the C++ library) is
// waited on with bounded sleeps only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>

namespace lsm::queue_layout {

inline constexpr std::size_t write_index_offset = 0;
inline constexpr std::size_t read_index_offset = 4;
inline constexpr std::size_t capacity_offset = 8;
inline constexpr std::size_t count_offset = 12;
inline constexpr std::size_t max_message_size_offset = 16;
inline constexpr std::size_t producer_lock_offset = 20;
inline constexpr std::size_t consumer_lock_offset = 24;
inline constexpr std::size_t header_size = 28;

// A slot starts with the message length, then the message bytes.
inline constexpr std::size_t slot_length_size = 4;

// The largest segment we agree to map: it must fit an OS file offset (off_t, int64).
inline constexpr std::uint64_t max_segment_size = static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max());

// 28 + capacity × (4 + maxMessageSize), or nothing when that overflows (64 bits, or
// size_t on a 32-bit platform) or exceeds max_segment_size.
constexpr std::optional<std::size_t> segment_size(std::uint32_t capacity, std::uint32_t max_message_size) noexcept {
    const std::uint64_t stride = slot_length_size + static_cast<std::uint64_t>(max_message_size);  // ≤ 2^32 + 3
    if (capacity != 0 && stride > (max_segment_size - header_size) / capacity) return std::nullopt;
    const std::uint64_t total = header_size + capacity * stride;
    if (total > std::numeric_limits<std::size_t>::max()) return std::nullopt;
    return static_cast<std::size_t>(total);
}

inline constexpr std::size_t wake_block_size = 64;
inline constexpr char wake_block_magic[8] = {'l', 's', 'm', 'w', 'a', 'k', 'e', '1'};
inline constexpr std::size_t consumer_waiters_offset = 8;  // in the block
inline constexpr std::size_t producer_waiters_offset = 9;

// The ring plus the wake block, as our creators size a queue (nothing when it overflows).
constexpr std::optional<std::size_t> segment_size_with_wake_block(std::uint32_t capacity,
                                                                  std::uint32_t max_message_size) noexcept {
    const auto ring = segment_size(capacity, max_message_size);
    if (!ring || *ring > max_segment_size - wake_block_size) return std::nullopt;
    return *ring + wake_block_size;
}

// Where slot `index` starts. Only call with a validated geometry (segment_size() fits the
// mapping) and index < capacity: then the whole slot lies inside the mapping.
constexpr std::size_t slot_offset(std::uint32_t index, std::uint32_t max_message_size) noexcept {
    return header_size + static_cast<std::size_t>(index) * (slot_length_size + static_cast<std::size_t>(max_message_size));
}

}  // namespace lsm::queue_layout
