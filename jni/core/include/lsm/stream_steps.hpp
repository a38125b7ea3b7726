// The steps of a stream write and a stream read (WIRE.md §2), inline: each caller (the C ABI,
// JNI, a C++ user) compiles one function from its entry through the lock, the copy and the
// release, with its own fill or destination in place. Measured (callgrind, 10-byte payload):
// a C ABI write took 188 instructions with a function pointer for the fill (and every header
// field re-read after that call), 156 with these templates, 135 with them forced inline
// (hot_path.hpp). Included by stream.hpp.
#pragma once

#include <cstring>

#include "lsm/hot_path.hpp"
#include "lsm/spin_lock.hpp"
#include "lsm/stream.hpp"
#include "lsm/stream_layout.hpp"
#include "lsm/utf16.hpp"

namespace lsm {

namespace detail {
inline bool is_stream_payload_type(StreamType type) noexcept {
    return type == StreamType::string || type == StreamType::float32 || type == StreamType::float64;
}
}  // namespace detail

template <typename Fill>
LSM_HOT_INLINE void StreamWriter::write_with(StreamType type, std::size_t bytes, Fill&& fill) {
    namespace layout = stream_layout;
    if (!detail::is_stream_payload_type(type)) [[unlikely]]
        refuse_type(type);
    // Upstream overflows here; we refuse before touching anything.
    if (bytes > max_payload()) [[unlikely]]
        refuse_size(bytes);

    std::byte* const base = segment_.data();
    {  // the lock's scope: the wake-up below comes after its release
        LockGuard held(stream_lock(), lock_timeout());
        discard_torn_payload(base);

        // Mark the write as in progress before the first payload byte changes (the fence keeps
        // the payload stores after the mark), so that if this process dies mid-copy the next
        // holder of the lock knows the payload is torn.
        auto mark = byte_at(base, layout::write_mark_offset);
        mark.store(layout::write_mark, std::memory_order_relaxed);
        std::atomic_thread_fence(std::memory_order_release);

        // The payload first: if fill throws, no header field has changed yet. Under the lock
        // the order of payload, size and flags is invisible to readers (they take the lock too).
        try {
            fill(base + layout::data_offset);
        } catch (...) {
            mark.store(0, std::memory_order_release);  // fill wrote nothing: the payload is intact
            throw;
        }
        field(base, layout::size_offset).store(static_cast<std::uint32_t>(bytes), std::memory_order_relaxed);

        // Flags: the new type bit, and the change bit inverted (old type bits dropped).
        auto flags = byte_at(base, layout::flags_offset);
        const std::uint8_t old_flags = flags.load(std::memory_order_relaxed);
        flags.store(static_cast<std::uint8_t>(static_cast<std::uint8_t>(type) |
                                              ((old_flags & layout::change_bit) ^ layout::change_bit)),
                    std::memory_order_release);

        // Payload, size and flags are complete: clear the mark (release: after all of them). A
        // death from here on leaves a whole payload, only its revision not yet incremented.
        mark.store(0, std::memory_order_release);

        // One completed write: release, so a reader that sees the new revision sees the payload;
        // seq_cst, so that the load of the waiter count below cannot pass it (x86: the same lock xadd).
        field(base, layout::revision_offset).fetch_add(1, std::memory_order_seq_cst);
    }  // the lock is released here (store 0, release)
    // After the lock: a woken reader takes it at once. A load and a branch when nobody sleeps.
    revision_waiter_count(base).wake_if_waiting(reinterpret_cast<const std::uint32_t*>(base + layout::revision_offset));
}

LSM_HOT_INLINE void StreamWriter::write(StreamType type, const void* data, std::size_t bytes) {
    if (data == nullptr && bytes != 0) [[unlikely]]
        refuse_null_payload();
    write_with(type, bytes, [&](std::byte* destination) {
        if (bytes != 0) std::memcpy(destination, data, bytes);
    });
}

LSM_HOT_INLINE void StreamWriter::write_utf16(const std::uint16_t* chars, std::size_t count) {
    if (chars == nullptr && count != 0) [[unlikely]]
        refuse_null_payload();
    // Sized before the lock (the text is the caller's): under it only the copy, as for bytes.
    const utf16::Utf8Size size = utf16::utf8_size(chars, count);
    write_with(StreamType::string, size.bytes,
               [&](std::byte* destination) { utf16::to_utf8(chars, count, size, destination); });
}

template <typename Destination>
LSM_HOT_INLINE std::size_t StreamReader::read_with(Destination&& destination) {
    namespace layout = stream_layout;
    std::byte* const base = segment_.data();
    LockGuard held(stream_lock(), lock_timeout());
    discard_torn_payload(base);
    // Re-validated on every read: the size comes from shared memory.
    const std::size_t size = checked_size(field(base, layout::size_offset).load(std::memory_order_relaxed));
    const ReadTarget target = destination(size);
    const std::size_t bytes = target.bytes < size ? target.bytes : size;
    if (bytes != 0) std::memcpy(target.data, base + layout::data_offset, bytes);
    return size;
}

LSM_HOT_INLINE std::size_t StreamReader::read_into(void* dst, std::size_t capacity) {
    return read_with([&](std::size_t size) {
        if (size > capacity) [[unlikely]]
            refuse_destination(size, capacity);
        return ReadTarget{static_cast<std::byte*>(dst), size};
    });
}

}  // namespace lsm

