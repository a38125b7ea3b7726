// The floor: the wire format's steps alone (WIRE.md §2 stream, §3 queue), written from WIRE.md
// for the benchmark and nothing else. No argument or bounds checks, no lock timeout, no holder
// token (the lock word is set to 1, as upstream does), no close guard: what any implementation
// of the format must at least do, so the reference row the core and the bindings are held to.
// Callers must pass payloads that fit and destinations that hold the whole payload area.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <thread>

#include "lsm/segment.hpp"

namespace lsm::bench::floor {

// A 32-bit header field at `offset` of a mapped segment.
inline std::atomic_ref<std::uint32_t> field(std::byte* base, std::size_t offset) noexcept {
    return std::atomic_ref<std::uint32_t>(*reinterpret_cast<std::uint32_t*>(base + offset));
}

// Compare-and-swap 0 -> 1 with acquire ordering; yield and retry (WIRE.md §2 step 1, §3 step 1).
inline void lock(std::atomic_ref<std::uint32_t> word) noexcept {
    for (std::uint32_t expected = 0; !word.compare_exchange_weak(expected, 1, std::memory_order_acquire,
                                                                 std::memory_order_relaxed);
         expected = 0) {
        std::this_thread::yield();
    }
}

inline void unlock(std::atomic_ref<std::uint32_t> word) noexcept { word.store(0, std::memory_order_release); }

// A stream segment (WIRE.md §2): one handle writes, reads, or both.
class Stream {
public:
    static constexpr std::size_t revision_offset = 4, ack_offset = 8, size_offset = 12, lock_offset = 16,
                                 data_offset = 20;

    // The writer's creation: a new segment, header fields 0 (it is zero-filled).
    static Stream create(const std::string& name, std::size_t size) { return Stream(Segment::create(name, size, false)); }
    static Stream open(const std::string& name, std::size_t size) { return Stream(Segment::open(name, size, true)); }

    void write(std::uint8_t type, const void* data, std::uint32_t bytes) noexcept {
        std::byte* base = segment_.data();
        lock(field(base, lock_offset));
        std::atomic_ref<std::uint8_t> flags(*reinterpret_cast<std::uint8_t*>(base));
        const std::uint8_t change = (flags.load(std::memory_order_relaxed) & 1u) ^ 1u;
        flags.store(static_cast<std::uint8_t>(type | change), std::memory_order_relaxed);
        field(base, size_offset).store(bytes, std::memory_order_relaxed);
        std::memcpy(base + data_offset, data, bytes);
        field(base, revision_offset).fetch_add(1, std::memory_order_release);
        unlock(field(base, lock_offset));
    }

    // The writer's isMessageRead: a reader acknowledged the last write (ack == revision).
    bool message_read() noexcept {
        std::byte* base = segment_.data();
        return field(base, ack_offset).load(std::memory_order_acquire) ==
               field(base, revision_offset).load(std::memory_order_acquire);
    }

    // Copies the payload into `into` (which must hold it); returns its size.
    std::uint32_t read(void* into) noexcept {
        std::byte* base = segment_.data();
        lock(field(base, lock_offset));
        const std::uint32_t bytes = field(base, size_offset).load(std::memory_order_relaxed);
        std::memcpy(into, base + data_offset, bytes);
        unlock(field(base, lock_offset));
        return bytes;
    }

private:
    explicit Stream(Segment segment) : segment_(std::move(segment)) {}
    Segment segment_;
};

// A queue segment (WIRE.md §3). Capacity and maxMessageSize are kept in the handle, as upstream does.
class Queue {
public:
    static constexpr std::size_t write_index_offset = 0, read_index_offset = 4, capacity_offset = 8,
                                 count_offset = 12, max_message_offset = 16, producer_lock_offset = 20,
                                 consumer_lock_offset = 24, slots_offset = 28;

    // Creation writes every header field (upstream's isWriter = true).
    static Queue create(const std::string& name, std::uint32_t capacity, std::uint32_t max_message_size) {
        Queue queue(Segment::create(name, segment_size(capacity, max_message_size), false), capacity, max_message_size);
        std::byte* base = queue.segment_.data();
        for (std::size_t offset : {write_index_offset, read_index_offset, count_offset, producer_lock_offset,
                                   consumer_lock_offset})
            field(base, offset).store(0, std::memory_order_relaxed);
        field(base, capacity_offset).store(capacity, std::memory_order_relaxed);
        field(base, max_message_offset).store(max_message_size, std::memory_order_release);
        return queue;
    }

    static Queue open(const std::string& name, std::uint32_t capacity, std::uint32_t max_message_size) {
        return Queue(Segment::open(name, segment_size(capacity, max_message_size), true), capacity, max_message_size);
    }

    // False when the queue is full.
    bool enqueue(const void* data, std::uint32_t bytes) noexcept {
        std::byte* base = segment_.data();
        lock(field(base, producer_lock_offset));
        if (field(base, count_offset).load(std::memory_order_acquire) >= capacity_) {
            unlock(field(base, producer_lock_offset));
            return false;
        }
        const std::uint32_t index = field(base, write_index_offset).load(std::memory_order_relaxed);
        std::byte* slot = base + slots_offset + std::size_t{index} * (4 + max_message_size_);
        std::memcpy(slot, &bytes, 4);
        std::memcpy(slot + 4, data, bytes);
        field(base, write_index_offset).store((index + 1) % capacity_, std::memory_order_relaxed);
        field(base, count_offset).fetch_add(1, std::memory_order_release);
        unlock(field(base, producer_lock_offset));
        return true;
    }

    // Copies the head message into `into` (which must hold maxMessageSize bytes) and removes it:
    // its length, or -1 when the queue is empty.
    std::int64_t dequeue(void* into) noexcept {
        std::byte* base = segment_.data();
        lock(field(base, consumer_lock_offset));
        if (field(base, count_offset).load(std::memory_order_acquire) == 0) {
            unlock(field(base, consumer_lock_offset));
            return -1;
        }
        const std::uint32_t index = field(base, read_index_offset).load(std::memory_order_relaxed);
        const std::byte* slot = base + slots_offset + std::size_t{index} * (4 + max_message_size_);
        std::uint32_t bytes;
        std::memcpy(&bytes, slot, 4);
        std::memcpy(into, slot + 4, bytes);
        field(base, read_index_offset).store((index + 1) % capacity_, std::memory_order_relaxed);
        field(base, count_offset).fetch_sub(1, std::memory_order_release);
        unlock(field(base, consumer_lock_offset));
        return bytes;
    }

private:
    Queue(Segment segment, std::uint32_t capacity, std::uint32_t max_message_size)
        : segment_(std::move(segment)), capacity_(capacity), max_message_size_(max_message_size) {}
    static std::size_t segment_size(std::uint32_t capacity, std::uint32_t max_message_size) {
        return slots_offset + std::size_t{capacity} * (4 + std::size_t{max_message_size});
    }
    Segment segment_;
    std::uint32_t capacity_;
    std::uint32_t max_message_size_;
};

}  // namespace lsm::bench::floor
