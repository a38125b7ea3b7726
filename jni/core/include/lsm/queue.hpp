// SharedMemoryQueue of WIRE.md §3: a bounded FIFO of byte messages in one segment, for any
// number of producer and consumer processes. Producers serialise on producerLock, consumers
// on consumerLock; `count` carries the hand-off between the two sides.
//
// Every operation re-reads the header (a hostile or broken peer may change it at any time),
// checks it against the geometry this handle validated when it opened, and computes slot
// addresses only from checked values: a bad field is Error(corrupt), never an access outside
// the mapping.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "lsm/address_wait.hpp"
#include "lsm/segment.hpp"
#include "lsm/queue_layout.hpp"
#include "lsm/spin_lock.hpp"

namespace lsm {

// Receives the message at the head of the queue, under the consumer lock.
class MessageSink {
public:
    // Returns false to decline it (for example: no room); the queue is then left unchanged.
    virtual bool accept(const std::byte* data, std::uint32_t length) = 0;

protected:
    ~MessageSink() = default;
};

enum class Received {
    empty,     // nothing in the queue
    taken,     // the sink accepted the message (dequeue removed it, peek left it)
    declined,  // the sink declined: the queue is unchanged
};

struct ReceiveResult {
    Received status;
    std::uint32_t length;  // the head message's length (0 when empty)
};

class Queue {
public:
    // Creates the segment (replacing any existing one: WIRE.md §1) and writes the header.
    // Throws invalid_size for capacity 0, maxMessageSize 0 or a size that overflows.
    static Queue create(const std::string& name, std::uint32_t capacity, std::uint32_t max_message_size,
                        bool persistent, unsigned mode = Segment::default_mode);

    // Opens an existing queue of the given geometry (upstream's isWriter = false). Throws
    // invalid_argument when the header holds another geometry.
    static Queue open(const std::string& name, std::uint32_t capacity, std::uint32_t max_message_size,
                      bool persistent);

    // Opens an existing queue, taking capacity and maxMessageSize from its header; they must
    // fit the segment's real size (else corrupt).
    static Queue open_existing(const std::string& name, bool persistent);

    // Opens the queue when it exists, else creates it; never replaces one (Segment::open_or_create).
    // The creator writes the geometry last (release); the others wait, up to `wait`, until it
    // is there, so none sees a half-written header. Another geometry: invalid_size naming both;
    // a geometry still unwritten after `wait` (its creator died): corrupt, naming the remedy.
    static Queue open_or_create(const std::string& name, std::uint32_t capacity, std::uint32_t max_message_size,
                                bool persistent, unsigned mode = Segment::default_mode,
                                std::chrono::nanoseconds wait = std::chrono::seconds(5));

    // True when this handle created the queue.
    bool created() const noexcept { return segment_.created(); }

    Queue(Queue&&) noexcept;
    Queue& operator=(Queue&&) = delete;

    // Appends a message. False when the queue is full; too_large (queue unchanged) when
    // `length` exceeds maxMessageSize.
    bool enqueue(const void* data, std::size_t length);

    // As enqueue(), but the message is produced by `fill(std::byte* slot)`, called with the
    // producer lock held: fill copies exactly `length` bytes, or throws (the queue is then
    // unchanged). For sources that must not be held while waiting for the lock (a pinned Java array).
    // Inline (queue_steps.hpp): the fill is compiled in place, no call through a pointer.
    template <typename Fill>
    bool enqueue_with(std::size_t length, Fill&& fill);

    // Appends UTF-16 text (a Java String's chars) as the message of its UTF-8 bytes, as Java's
    // String.getBytes(UTF_8) gives them (utf16.hpp), encoded straight into the slot.
    bool enqueue_utf16(const std::uint16_t* chars, std::size_t count);

    // Offers the head message to `sink`; `remove` = dequeue, otherwise peek.
    ReceiveResult receive(bool remove, MessageSink& sink);

    // Copies the head message into `destination`; declined (queue unchanged) when it does not fit.
    ReceiveResult receive(bool remove, std::span<std::byte> destination);

    // The head message, or nothing when empty.
    std::optional<std::vector<std::byte>> dequeue();
    std::optional<std::vector<std::byte>> peek();

    // Messages in the queue now (count, validated).
    std::uint32_t size() const;

    std::uint32_t capacity() const noexcept { return capacity_; }
    std::uint32_t max_message_size() const noexcept { return max_message_size_; }
    const std::string& name() const noexcept { return segment_.name(); }
    Segment& segment() noexcept { return segment_; }

    // The values of the lock words now: 0 free, our token 0x80000000|pid, anything else a
    // holder of unknown identity (upstream stores 1). describe_lock_holder() makes them readable.
    std::uint32_t producer_lock_holder() const;
    std::uint32_t consumer_lock_holder() const;

    // Takes the producer (consumer) lock away from its holder, which must be known to be dead
    // (a live one would go on unprotected), then repairs what that holder may have left
    // half-done (see repair_header) while holding both locks. Returns the value replaced
    // (0 = it was free: nothing is done). Error(timeout) when the other lock cannot be taken
    // within the lock timeout: the forced lock then stays abandoned and is repaired by the next
    // operation that gets both.
    std::uint32_t force_unlock_producers();
    std::uint32_t force_unlock_consumers();
    // The same, only while the lock word still holds `expected` (the value the caller checked):
    // returns the value found, `expected` when forced, another when it changed meanwhile (then
    // nothing is done).
    std::uint32_t force_unlock_producers_if(std::uint32_t expected);
    std::uint32_t force_unlock_consumers_if(std::uint32_t expected);

    // True when the name no longer leads to the segment this handle maps: it was removed, or
    // another process re-created the queue (WIRE.md §1). Reopen to reach the new queue.
    bool is_stale() const { return segment_.is_stale(); }

    // How long enqueue and receive wait for a lock before Error(timeout). Default 5 s.
    void set_lock_timeout(std::chrono::nanoseconds timeout) noexcept { lock_timeout_ns_.store(timeout.count()); }
    std::chrono::nanoseconds lock_timeout() const noexcept { return std::chrono::nanoseconds(lock_timeout_ns_.load()); }

    // What ends this queue's lock waits early (the handle's close, a thread's interrupt).
    LockWaitAbort& lock_wait_abort() noexcept { return lock_wait_abort_; }

    // Wakes every thread sleeping on this queue's count, in any process (close() ending waits).
    void wake_all_waiters() const noexcept;

    // Sleep until the queue holds a message (count != 0) / has room (count < capacity), at most
    // `timeout`, in slices of at most `slice`; woken by our producers (consumers) in any process
    // when the queue has a wake block, else noticed within a slice. True when so; Error(closed)
    // when the handle closes meanwhile.
    // Slices as the streams' (WaitSlices): idle ones until an unwoken peer shows itself; a queue
    // without a wake block always uses the short ones (no peer of another process wakes it).
    static constexpr std::chrono::nanoseconds default_idle_slice = std::chrono::milliseconds(100);
    static constexpr std::chrono::nanoseconds default_unwoken_slice = std::chrono::milliseconds(10);
    bool wait_not_empty(std::chrono::nanoseconds timeout, std::chrono::nanoseconds idle_slice = default_idle_slice,
                        std::chrono::nanoseconds unwoken_slice = default_unwoken_slice);
    bool wait_not_full(std::chrono::nanoseconds timeout, std::chrono::nanoseconds idle_slice = default_idle_slice,
                       std::chrono::nanoseconds unwoken_slice = default_unwoken_slice);

    // True when the queue has our wake block (we created it); waiters counted in it now.
    bool has_wake_block() const noexcept { return wake_block_ != nullptr; }
    std::uint8_t consumer_waiters() const noexcept { return consumer_waiter_count().value(); }
    std::uint8_t producer_waiters() const noexcept { return producer_waiter_count().value(); }
    // Whether a change came that nobody woke this handle for (a C++ peer): its slices are short since.
    bool unwoken_peer_seen() const noexcept { return unwoken_peer_seen_.load(std::memory_order_relaxed); }

private:
    // The steps of WIRE.md §3 for a checked message (queue_steps.hpp).
    template <typename Fill>
    bool enqueue_locked(std::size_t length, Fill&& fill);
    void check_message(std::size_t length) const;  // open, and not longer than maxMessageSize
    [[noreturn]] void too_large(std::size_t length) const;

    Queue(Segment segment, std::uint32_t capacity, std::uint32_t max_message_size);

    bool looks_full() const noexcept;
    bool looks_empty() const noexcept;
    std::uint32_t* field(std::size_t offset) const noexcept;
    std::uint32_t load(std::size_t offset, std::memory_order order = std::memory_order_relaxed) const noexcept;
    void store(std::size_t offset, std::uint32_t value, std::memory_order order = std::memory_order_relaxed) noexcept;
    // Offers the head message to accept(data, length) (false: declined); receive's steps.
    template <typename Accept>
    ReceiveResult receive_with(bool remove, Accept&& accept);

    // queue_access.hpp: the accessors and checks, inline; their refusals out of line.
    [[noreturn]] void corrupt(const std::string& what) const;
    [[noreturn]] void corrupt_geometry(std::uint32_t capacity, std::uint32_t max_message_size) const;
    [[noreturn]] void corrupt_count(std::uint32_t count) const;
    [[noreturn]] void corrupt_index(const char* what, std::uint32_t index) const;
    [[noreturn]] void corrupt_length(std::uint32_t index, std::uint32_t length) const;
    [[noreturn]] void refuse_closed() const;
    [[noreturn]] void refuse_null_message() const;
    void check_open() const;      // throws Error(closed) after the segment was closed
    void check_geometry() const;  // open, and capacity and maxMessageSize still as validated at open
    std::uint32_t checked_count() const;
    std::uint32_t checked_index(std::size_t offset, const char* what) const;
    std::uint32_t next_index(std::uint32_t index) const noexcept;

    // Dead-holder recovery (queue_repair.cpp). Locks are always taken producer first.
    std::uint32_t* lock_word(std::size_t offset) const;
    SpinLock producer_lock() const;
    SpinLock consumer_lock() const;
    // With the producer lock held: takes the consumer lock, repairs, releases the consumer lock.
    void repair_holding_producer_lock(bool producer_dead);
    // Holding no lock: takes both in order and repairs.
    void repair_in_order();
    // With both locks held: undoes an enqueue or dequeue that a dead holder left between its
    // index store and its count store.
    void repair_header(bool producer_dead, bool consumer_dead);
    // A forced unlock of `lock` (when `expected`, only from that value), then the repair.
    std::uint32_t force_unlock(SpinLock lock, std::optional<std::uint32_t> expected);

    // The wake block after the ring, when the object has one with our magic; else nullptr.
    void find_wake_block() noexcept;
    void write_wake_block_magic() noexcept;  // a creator, before the geometry
    // The segment of a queue of `ring` bytes: with our wake block after it when the object is that large.
    static Segment open_ring(const std::string& name, std::size_t ring, bool persistent);
    // The waiter counts: in the wake block, or (no block) in this handle, where only this
    // process's threads see them. Pointers kept, so that an enqueue's look is one load.
    WaiterCount consumer_waiter_count() const noexcept { return WaiterCount(consumer_waiters_, consumer_channel_); }
    WaiterCount producer_waiter_count() const noexcept { return WaiterCount(producer_waiters_, producer_channel_); }
    void point_waiter_counts() noexcept;
    template <typename Done>
    bool sleep_until(const WaiterCount& waiters, std::chrono::nanoseconds timeout, std::chrono::nanoseconds idle_slice,
                     std::chrono::nanoseconds unwoken_slice, Done&& done);

    Segment segment_;
    std::uint32_t capacity_;
    std::uint32_t max_message_size_;
    std::byte* wake_block_ = nullptr;
    mutable std::uint8_t local_waiters_[2] = {0, 0};
    std::uint8_t* consumer_waiters_ = &local_waiters_[0];
    std::uint8_t* producer_waiters_ = &local_waiters_[1];
    // What the consumers' and the producers' sleepers block on (wake_channel.hpp; empty but on Windows).
    [[no_unique_address]] WakeChannel consumer_channel_;
    [[no_unique_address]] WakeChannel producer_channel_;
    std::atomic<bool> unwoken_peer_seen_{false};  // a change came that nobody woke this handle for
    std::atomic<std::int64_t> lock_timeout_ns_{std::chrono::nanoseconds(std::chrono::seconds(5)).count()};
    LockWaitAbort lock_wait_abort_;
};

}  // namespace lsm

#include "lsm/queue_steps.hpp"  // the inline bodies of enqueue_with and the enqueue steps
