// Recovery of a queue whose producer or consumer lock was held by a process that died
// (or was unlocked by force).
//
// WIRE.md §3 enqueue: slot → writeIndex + 1 → count + 1; dequeue: read slot → readIndex + 1 →
// count − 1. A holder that dies between its index store and its count store leaves
//
//     d = (writeIndex − readIndex − count) mod capacity
//
// non-zero; with both locks held (nobody else in the middle of an operation) it is:
//   0             consistent (count = capacity when full, 0 when empty: both give writeIndex = readIndex);
//   1             a producer died after writeIndex + 1, before count + 1;
//   capacity − 1  a consumer died after readIndex + 1, before count − 1.
// Either way the half-done operation is rolled back (writeIndex − 1, or readIndex − 1): an
// enqueue or dequeue takes effect at its count store, the hand-off WIRE.md names, and not
// before. So the dead producer's message is not in the queue (its enqueue never returned
// true), and the message the dead consumer was taking is delivered to the next consumer (its
// dequeue never returned it). Slot bytes are never trusted beyond their checked length.
//
// Limits: with capacity 1 indices carry no information (d is always 0): nothing to undo,
// the slot copy of a dead producer is simply overwritten, a dead consumer's message is read
// again. With capacity 2, d = 1 fits both cases when count is 1: the side whose lock was taken
// over from a dead holder decides (the producer when both were). If a producer and a consumer
// both die half-done before either lock is taken over, the two discrepancies cancel (d = 0):
// the dead producer's message is then delivered and the dead consumer's is lost.
#include <cstdint>
#include <string>

#include "lsm/error.hpp"
#include "lsm/queue.hpp"
#include "lsm/queue_layout.hpp"
#include "lsm/spin_lock.hpp"
#include "lsm/queue_access.hpp"

namespace lsm {

namespace layout = queue_layout;

std::uint32_t Queue::producer_lock_holder() const {
    return std::atomic_ref<std::uint32_t>(*lock_word(layout::producer_lock_offset)).load(std::memory_order_acquire);
}

std::uint32_t Queue::consumer_lock_holder() const {
    return std::atomic_ref<std::uint32_t>(*lock_word(layout::consumer_lock_offset)).load(std::memory_order_acquire);
}

void Queue::repair_holding_producer_lock(bool producer_dead) {
    SpinLock consumer = consumer_lock();
    consumer.lock(lock_timeout());
    try {
        repair_header(producer_dead, consumer.recovered());
    } catch (...) {
        consumer.unlock();
        throw;
    }
    consumer.unlock();
}

void Queue::repair_in_order() {
    SpinLock producer = producer_lock();
    producer.lock(lock_timeout());
    try {
        repair_holding_producer_lock(producer.recovered());
    } catch (...) {
        if (producer.recovered()) {
            producer.abandon();
        } else {
            producer.unlock();
        }
        throw;
    }
    producer.unlock();
}

void Queue::repair_header(bool producer_dead, bool consumer_dead) {
    check_geometry();
    const std::uint32_t n = capacity_;
    const std::uint32_t count = checked_count();
    const std::uint32_t write_index = checked_index(layout::write_index_offset, "writeIndex");
    const std::uint32_t read_index = checked_index(layout::read_index_offset, "readIndex");
    // (w − r − count) mod n without wrapping: r < n and count ≤ n.
    const auto d = static_cast<std::uint32_t>((std::uint64_t{write_index} + 2ull * n - read_index - count) % n);
    if (d == 0) return;

    // A producer only advanced writeIndex if count < n; a consumer only readIndex if count > 0
    // (and count does not move while both locks are held).
    const bool producer_half = d == 1 && count < n;
    const bool consumer_half = d == n - 1 && count > 0;
    const bool consumer_side = consumer_half && (!producer_half || (consumer_dead && !producer_dead));
    if (consumer_side) {
        store(layout::read_index_offset, (read_index + n - 1) % n, std::memory_order_release);
    } else if (producer_half) {
        store(layout::write_index_offset, (write_index + n - 1) % n, std::memory_order_release);
    } else {
        corrupt("writeIndex " + std::to_string(write_index) + ", readIndex " + std::to_string(read_index) +
                " and count " + std::to_string(count) + " disagree by " + std::to_string(d) +
                ", which no interrupted enqueue or dequeue leaves behind");
    }
}

std::uint32_t Queue::force_unlock(SpinLock lock, std::optional<std::uint32_t> expected) {
    check_geometry();
    const std::uint32_t held = expected ? lock.force_unlock_if(*expected) : lock.force_unlock();
    if (held != lock_free_value && (!expected || held == *expected)) repair_in_order();
    return held;
}

std::uint32_t Queue::force_unlock_producers() { return force_unlock(producer_lock(), std::nullopt); }

std::uint32_t Queue::force_unlock_consumers() { return force_unlock(consumer_lock(), std::nullopt); }

std::uint32_t Queue::force_unlock_producers_if(std::uint32_t expected) { return force_unlock(producer_lock(), expected); }

std::uint32_t Queue::force_unlock_consumers_if(std::uint32_t expected) { return force_unlock(consumer_lock(), expected); }

}  // namespace lsm
