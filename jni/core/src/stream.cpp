#include "lsm/stream.hpp"

#include <cstring>

#include "lsm/error.hpp"
#include "lsm/spin_lock.hpp"

namespace lsm {

namespace layout = stream_layout;

namespace {

// A stream segment needs room for the header and at least one payload byte.
std::size_t checked_segment_size(const std::string& name, std::size_t size) {
    if (size <= layout::header_size)
        throw Error(ErrorCode::invalid_size, "stream '" + name + "': bufferSize " + std::to_string(size) +
                                                 " leaves no room for a payload; it must be greater than the " +
                                                 std::to_string(layout::header_size) + "-byte header");
    return size;
}

// A whole existing object, which must hold a header and at least one payload byte.
Segment whole_stream_segment(const std::string& name, bool persistent) {
    Segment segment = Segment::open_existing(name, persistent);
    if (segment.size() <= layout::header_size) segment.forget_name();
    checked_segment_size(name, segment.size());
    return segment;
}

}  // namespace

// ---- StreamSegment ----

std::uint8_t StreamSegment::flags() const noexcept {
    auto* byte = reinterpret_cast<std::uint8_t*>(segment_.data() + layout::flags_offset);
    return std::atomic_ref<std::uint8_t>(*byte).load(std::memory_order_acquire);
}

std::uint32_t StreamSegment::revision() const noexcept {
    return field(layout::revision_offset).load(std::memory_order_acquire);
}

std::uint32_t StreamSegment::ack() const noexcept { return field(layout::ack_offset).load(std::memory_order_acquire); }

std::uint32_t StreamSegment::lock_holder() const noexcept {
    return std::atomic_ref<std::uint32_t>(*lock_word()).load(std::memory_order_acquire);
}

std::uint32_t StreamSegment::force_unlock() { return take_over_forced(stream_lock().force_unlock()); }

std::uint32_t StreamSegment::force_unlock_if(std::uint32_t expected) {
    const std::uint32_t held = stream_lock().force_unlock_if(expected);
    return held == expected ? take_over_forced(held) : held;
}

std::uint32_t StreamSegment::take_over_forced(std::uint32_t held) {
    if (held == lock_free_value) return held;
    // Take the abandoned lock over at once (a C++ libsharedmemory peer cannot), empty a torn
    // payload, and leave the lock free.
    LockGuard taken(stream_lock(), lock_timeout());
    discard_torn_payload(segment_.data());
    return held;
}

// ---- StreamWriter ----

StreamWriter::StreamWriter(const std::string& name, std::size_t size, bool persistent, unsigned mode)
    : StreamSegment(Segment::create(name, checked_segment_size(name, size), persistent, mode)) {
    // WIRE.md §2 writer creation: flags, revision, ack, size and lock start at 0.
    std::atomic_ref<std::uint8_t>(*reinterpret_cast<std::uint8_t*>(segment_.data())).store(0, std::memory_order_relaxed);
    field(layout::revision_offset).store(0, std::memory_order_relaxed);
    field(layout::ack_offset).store(0, std::memory_order_relaxed);
    field(layout::size_offset).store(0, std::memory_order_relaxed);
    field(layout::lock_offset).store(lock_free_value, std::memory_order_release);
}

StreamWriter::StreamWriter(OpenOrCreate, const std::string& name, std::size_t size, bool persistent, unsigned mode)
    : StreamSegment(Segment::open_or_create(name, checked_segment_size(name, size), persistent, mode)) {}

void StreamWriter::refuse_type(StreamType type) const {
    throw Error(ErrorCode::invalid_argument,
                what() + ": data type " + std::to_string(static_cast<int>(type)) + " is not 2, 4 or 8");
}

void StreamWriter::refuse_size(std::size_t bytes) const {
    throw Error(ErrorCode::too_large, what() + ": payload of " + std::to_string(bytes) +
                                          " bytes does not fit the " + std::to_string(max_payload()) +
                                          "-byte payload area (bufferSize " + std::to_string(size()) +
                                          " minus the 20-byte header); nothing was written");
}

void StreamWriter::refuse_null_payload() const {
    throw Error(ErrorCode::invalid_argument, what() + ": payload pointer is null");
}

bool StreamWriter::is_message_read() const noexcept { return ack() == revision(); }

bool StreamWriter::wait_for_read(std::chrono::nanoseconds timeout, std::chrono::nanoseconds idle_slice,
                                 std::chrono::nanoseconds unwoken_slice) {
    // Sleeps on ack: a reader's mark_as_read stores it and wakes.
    return sleep_until(ack_waiter_count(segment_.data()), layout::ack_offset, timeout, idle_slice, unwoken_slice,
                       [this] { return is_message_read(); }, [this] { return ack(); });
}

void StreamSegment::refuse_closed() const { throw Error(ErrorCode::closed, what() + " is closed"); }

void StreamSegment::wake_all_waiters() const noexcept {
    revision_waiter_count(segment_.data()).wake_all(word(layout::revision_offset));
    ack_waiter_count(segment_.data()).wake_all(word(layout::ack_offset));
}

// ---- StreamReader ----

StreamReader::StreamReader(const std::string& name, std::size_t size, bool persistent)
    : StreamSegment(Segment::open(name, checked_segment_size(name, size), persistent)) {
    last_seen_.store(revision(), std::memory_order_relaxed);
}

StreamReader::StreamReader(WholeSegment, const std::string& name, bool persistent)
    : StreamSegment(whole_stream_segment(name, persistent)) {
    last_seen_.store(revision(), std::memory_order_relaxed);
}

void StreamReader::refuse_size_field(std::uint32_t size_field) const {
    throw Error(ErrorCode::corrupt, what() + ": the size field says " + std::to_string(size_field) +
                                        " bytes but the payload area is only " + std::to_string(max_payload()) +
                                        " bytes (bufferSize " + std::to_string(size()) +
                                        "): the writer uses a different bufferSize, or the segment is corrupt");
}

void StreamReader::refuse_destination(std::size_t size, std::size_t capacity) const {
    throw Error(ErrorCode::too_large, what() + ": payload of " + std::to_string(size) +
                                          " bytes does not fit the " + std::to_string(capacity) +
                                          " bytes available in the destination; nothing was copied");
}

std::size_t StreamReader::payload_size() const {
    return checked_size(field(layout::size_offset).load(std::memory_order_acquire));
}

std::size_t StreamReader::read_into(std::vector<std::byte>& out) {
    return read_with([&](std::size_t size) {
        out.resize(size);
        return ReadTarget{out.data(), size};
    });
}

std::string StreamReader::read_string() {
    std::string out;
    read_with([&](std::size_t size) {
        out.resize(size);
        return ReadTarget{reinterpret_cast<std::byte*>(out.data()), size};
    });
    return out;
}

std::vector<float> StreamReader::read_floats() {
    std::vector<float> out;
    read_with([&](std::size_t size) {
        out.resize(size / sizeof(float));
        return ReadTarget{reinterpret_cast<std::byte*>(out.data()), out.size() * sizeof(float)};
    });
    return out;
}

std::vector<double> StreamReader::read_doubles() {
    std::vector<double> out;
    read_with([&](std::size_t size) {
        out.resize(size / sizeof(double));
        return ReadTarget{reinterpret_cast<std::byte*>(out.data()), out.size() * sizeof(double)};
    });
    return out;
}

bool StreamReader::has_new_data() const noexcept {
    return revision() != last_seen_.load(std::memory_order_relaxed);
}

void StreamReader::mark_as_read() noexcept {
    const std::uint32_t current = revision();
    // seq_cst: the load of the waiter count below cannot pass the store.
    field(layout::ack_offset).store(current, std::memory_order_seq_cst);
    last_seen_.store(current, std::memory_order_relaxed);
    ack_waiter_count(segment_.data()).wake_if_waiting(word(layout::ack_offset));
}

bool StreamReader::wait_new_data(std::chrono::nanoseconds timeout, std::chrono::nanoseconds idle_slice,
                                 std::chrono::nanoseconds unwoken_slice) {
    // Sleeps on revision while it still holds the revision this reader saw last.
    return sleep_until(revision_waiter_count(segment_.data()), layout::revision_offset, timeout, idle_slice, unwoken_slice,
                       [this] { return has_new_data(); }, [this] { return last_seen_.load(std::memory_order_relaxed); });
}

}  // namespace lsm
