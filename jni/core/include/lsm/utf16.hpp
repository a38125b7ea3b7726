// UTF-16 text (a Java String's chars) written as the UTF-8 bytes Java's
// String.getBytes(UTF_8) gives: a surrogate pair becomes one 4-byte sequence, an unpaired
// surrogate becomes '?'. Lets a Java string reach a segment with one copy (the encoding is the
// copy) instead of being encoded into a scratch array first. Not part of the wire format: the
// payload is plain UTF-8, as the C++ library writes it.
#pragma once

#include <cstddef>
#include <cstdint>

#include "lsm/hot_path.hpp"

namespace lsm::utf16 {

// The UTF-8 size of some UTF-16 text, and whether all of it is ASCII (then size == chars).
struct Utf8Size {
    std::size_t bytes;
    bool ascii;
};

namespace detail {
inline bool is_high_surrogate(std::uint16_t c) noexcept { return c >= 0xD800 && c <= 0xDBFF; }
inline bool is_low_surrogate(std::uint16_t c) noexcept { return c >= 0xDC00 && c <= 0xDFFF; }
inline bool starts_pair(const std::uint16_t* chars, std::size_t i, std::size_t count) noexcept {
    return is_high_surrogate(chars[i]) && i + 1 < count && is_low_surrogate(chars[i + 1]);
}
}  // namespace detail

// One pass that the compiler vectorises (an OR of every char) decides the common case; only
// text with a non-ASCII char takes the counting loop.
LSM_HOT_INLINE Utf8Size utf8_size(const std::uint16_t* chars, std::size_t count) noexcept {
    std::uint16_t any = 0;  // 16 bits wide, as the chars: no widening in the vector loop
    for (std::size_t i = 0; i < count; ++i) any = static_cast<std::uint16_t>(any | chars[i]);
    if (any < 0x80) return {count, true};
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint16_t c = chars[i];
        if (c < 0x80) {
            bytes += 1;
        } else if (c < 0x800) {
            bytes += 2;
        } else if (detail::starts_pair(chars, i, count)) {
            bytes += 4;
            ++i;
        } else if (detail::is_high_surrogate(c) || detail::is_low_surrogate(c)) {
            bytes += 1;  // '?'
        } else {
            bytes += 3;
        }
    }
    return {bytes, false};
}

// Writes exactly size.bytes bytes to `out`: the UTF-8 of `chars` when they are what
// utf8_size(chars, count) saw. Text that another thread changed in between gives wrong bytes
// but never more than size.bytes (then padded with '?'): the destination is a segment.
LSM_HOT_INLINE void to_utf8(const std::uint16_t* chars, std::size_t count, Utf8Size size, std::byte* out) noexcept {
    if (size.ascii) {
        for (std::size_t i = 0; i < count; ++i) out[i] = static_cast<std::byte>(chars[i]);
        return;
    }
    std::byte* const end = out + size.bytes;
    const auto put = [&out](std::uint32_t byte) { *out++ = static_cast<std::byte>(byte); };
    for (std::size_t i = 0; i < count; ++i) {
        const std::uint32_t c = chars[i];
        const std::ptrdiff_t room = end - out;
        if (c < 0x80) {
            if (room < 1) break;
            put(c);
        } else if (c < 0x800) {
            if (room < 2) break;
            put(0xC0 | (c >> 6));
            put(0x80 | (c & 0x3F));
        } else if (detail::starts_pair(chars, i, count)) {
            if (room < 4) break;
            const std::uint32_t code = 0x10000 + ((c - 0xD800) << 10) + (static_cast<std::uint32_t>(chars[++i]) - 0xDC00);
            put(0xF0 | (code >> 18));
            put(0x80 | ((code >> 12) & 0x3F));
            put(0x80 | ((code >> 6) & 0x3F));
            put(0x80 | (code & 0x3F));
        } else if (detail::is_high_surrogate(static_cast<std::uint16_t>(c)) || detail::is_low_surrogate(static_cast<std::uint16_t>(c))) {
            if (room < 1) break;
            put('?');
        } else {
            if (room < 3) break;
            put(0xE0 | (c >> 12));
            put(0x80 | ((c >> 6) & 0x3F));
            put(0x80 | (c & 0x3F));
        }
    }
    while (out < end) put('?');
}

}  // namespace lsm::utf16
