// The steps of an enqueue (WIRE.md §3), inline: each caller (Queue::enqueue, JNI's byte[]
// route, a C++ user) compiles one function from its entry through the lock, the fill and the
// release, with its own fill in place, as stream_steps.hpp does for streams. Measured
// (callgrind, N vs 2N loop, 10 bytes): enqueue_with + a dequeue took 218 instructions with the
// fill behind a function pointer (enqueue_filled), 182 inline. Included by queue.hpp.
#pragma once

#include <cstring>

#include "lsm/hot_path.hpp"
#include "lsm/queue.hpp"
#include "lsm/queue_access.hpp"
#include "lsm/queue_layout.hpp"
#include "lsm/spin_lock.hpp"
#include "lsm/utf16.hpp"

namespace lsm {

namespace detail {

// Releases a lock that is already held when it goes out of scope.
class AdoptedLock {
public:
    explicit AdoptedLock(SpinLock& lock) noexcept : lock_(lock) {}
    ~AdoptedLock() { lock_.unlock(); }
    AdoptedLock(const AdoptedLock&) = delete;
    AdoptedLock& operator=(const AdoptedLock&) = delete;

private:
    SpinLock& lock_;
};

// Slot lengths sit at 28 + i × (4 + maxMessageSize), not always 4-byte aligned: copy them.
inline void write_slot_length(std::byte* at, std::uint32_t value) noexcept { std::memcpy(at, &value, sizeof value); }

}  // namespace detail

// Small, so that it inlines into the enqueue paths (the throw is out of line).
inline void Queue::check_message(std::size_t length) const {
    check_open();
    if (length > max_message_size_) [[unlikely]]
        too_large(length);
}

// The steps of WIRE.md §3 for a checked message; fill(slot) copies it, under the producer lock.
template <typename Fill>
LSM_HOT_INLINE bool Queue::enqueue_locked(std::size_t length, Fill&& fill) {
    namespace layout = queue_layout;
    if (looks_full()) return false;
    SpinLock lock = producer_lock();
    lock.lock(lock_timeout());
    if (lock.recovered()) [[unlikely]] {
        // Its holder died: it may have left an enqueue half-done. Repair before anything else.
        try {
            repair_holding_producer_lock(true);
        } catch (...) {
            lock.abandon();  // still unrepaired: the next taker tries again
            throw;
        }
    }
    detail::AdoptedLock guard(lock);
    check_geometry();
    if (checked_count() >= capacity_) return false;  // full
    const std::uint32_t write_index = checked_index(layout::write_index_offset, "writeIndex");
    std::byte* slot = segment_.data() + layout::slot_offset(write_index, max_message_size_);
    detail::write_slot_length(slot, static_cast<std::uint32_t>(length));
    if (length > 0) fill(slot + layout::slot_length_size);  // if it throws: no index moved, no trace
    store(layout::write_index_offset, next_index(write_index));
    // Publishes the slot: a consumer that sees the new count (acquire) sees its bytes.
    // seq_cst: the load of the waiter count cannot pass it. A load and a branch when nobody sleeps.
    std::atomic_ref<std::uint32_t>(*field(layout::count_offset)).fetch_add(1, std::memory_order_seq_cst);
    consumer_waiter_count().wake_if_waiting(field(layout::count_offset));
    return true;
}

template <typename Fill>
LSM_HOT_INLINE bool Queue::enqueue_with(std::size_t length, Fill&& fill) {
    check_message(length);
    return enqueue_locked(length, fill);
}

LSM_HOT_INLINE bool Queue::enqueue_utf16(const std::uint16_t* chars, std::size_t count) {
    if (count > 0 && chars == nullptr) [[unlikely]]
        refuse_null_message();
    const utf16::Utf8Size size = utf16::utf8_size(chars, count);  // before the lock: the text is the caller's
    return enqueue_with(size.bytes, [&](std::byte* slot) { utf16::to_utf8(chars, count, size, slot); });
}

}  // namespace lsm
