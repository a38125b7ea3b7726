// The queue's header accessors and checks, inline for queue.cpp, queue_repair.cpp and the
// enqueue steps (queue_steps.hpp): each
// operation runs several (geometry, count, index), and out of line, with the message of their
// error built in place, each was a call with its own frame. Measured (callgrind): 160 of the
// 467 instructions of a core enqueue + dequeue of 10 bytes. Their refusals stay out of line.
#pragma once

#include "lsm/queue.hpp"
#include "lsm/queue_layout.hpp"

namespace lsm {

// Header fields are 4-byte aligned. Callers check that the segment is open first.
inline std::uint32_t* Queue::field(std::size_t offset) const noexcept {
    return reinterpret_cast<std::uint32_t*>(segment_.data() + offset);
}

inline std::uint32_t Queue::load(std::size_t offset, std::memory_order order) const noexcept {
    return std::atomic_ref<std::uint32_t>(*field(offset)).load(order);
}

inline void Queue::store(std::size_t offset, std::uint32_t value, std::memory_order order) noexcept {
    std::atomic_ref<std::uint32_t>(*field(offset)).store(value, order);
}

inline void Queue::check_open() const {
    if (!segment_.is_open()) [[unlikely]]
        refuse_closed();
}

inline void Queue::check_geometry() const {
    check_open();
    const std::uint32_t capacity = load(queue_layout::capacity_offset);
    const std::uint32_t max_message_size = load(queue_layout::max_message_size_offset);
    if (capacity != capacity_ || max_message_size != max_message_size_) [[unlikely]]
        corrupt_geometry(capacity, max_message_size);
}

inline std::uint32_t Queue::checked_count() const {
    const std::uint32_t count = load(queue_layout::count_offset, std::memory_order_acquire);
    if (count > capacity_) [[unlikely]]
        corrupt_count(count);
    return count;
}

inline std::uint32_t Queue::checked_index(std::size_t offset, const char* what) const {
    const std::uint32_t index = load(offset);
    if (index >= capacity_) [[unlikely]]
        corrupt_index(what, index);
    return index;
}

// The index after a checked one (< capacity): (index + 1) mod capacity without the division,
// a 32-bit division of some 10 to 25 cycles on every operation.
inline std::uint32_t Queue::next_index(std::uint32_t index) const noexcept {
    return index + 1 == capacity_ ? 0 : index + 1;
}

// A glance at count before taking a lock: a full queue (for producers) or an empty one (for
// consumers) is reported without the lock, as it would be under it at this instant, so callers
// polling a full or empty queue read a shared cache line instead of bouncing the lock's. An
// invalid count goes on to the locked path, which reports the corruption.
inline bool Queue::looks_full() const noexcept {
    return load(queue_layout::count_offset, std::memory_order_acquire) == capacity_;
}

inline bool Queue::looks_empty() const noexcept {
    return load(queue_layout::count_offset, std::memory_order_acquire) == 0;
}

inline std::uint32_t* Queue::lock_word(std::size_t offset) const {
    check_open();
    return field(offset);
}

inline SpinLock Queue::producer_lock() const {
    return SpinLock(lock_word(queue_layout::producer_lock_offset), "queue producer lock", &segment_.name(),
                    &lock_wait_abort_);
}

inline SpinLock Queue::consumer_lock() const {
    return SpinLock(lock_word(queue_layout::consumer_lock_offset), "queue consumer lock", &segment_.name(),
                    &lock_wait_abort_);
}

}  // namespace lsm
