#include "lsm/queue.hpp"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <optional>
#include <thread>

#include "lsm/queue_access.hpp"

#include "lsm/address_wait.hpp"
#include "lsm/error.hpp"
#include "lsm/names.hpp"
#include "lsm/queue_layout.hpp"
#include "lsm/spin_lock.hpp"

namespace lsm {

namespace layout = queue_layout;

namespace {

std::string quoted(const std::string& name) { return "queue '" + name + "'"; }

// The segment size of a geometry a caller asked for: both fields non-zero, no overflow.
std::size_t requested_size(const std::string& name, std::uint32_t capacity, std::uint32_t max_message_size) {
    validate_name(name);
    if (capacity == 0) throw Error(ErrorCode::invalid_size, quoted(name) + ": capacity must be greater than 0");
    if (max_message_size == 0)
        throw Error(ErrorCode::invalid_size, quoted(name) + ": maxMessageSize must be greater than 0");
    const auto size = layout::segment_size(capacity, max_message_size);
    if (!size)
        throw Error(ErrorCode::invalid_size, quoted(name) + ": capacity " + std::to_string(capacity) +
                                                 " x (4 + maxMessageSize " + std::to_string(max_message_size) +
                                                 ") + 28 bytes overflows");
    return *size;
}

// Slot lengths sit at 28 + i × (4 + maxMessageSize), not always 4-byte aligned: copy them.
std::uint32_t read_length(const std::byte* at) noexcept {
    std::uint32_t value;
    std::memcpy(&value, at, sizeof value);
    return value;
}

class VectorSink final : public MessageSink {
public:
    bool accept(const std::byte* data, std::uint32_t length) override {
        message.assign(data, data + length);
        return true;
    }
    std::vector<std::byte> message;
};

}  // namespace

Queue::Queue(Segment segment, std::uint32_t capacity, std::uint32_t max_message_size)
    : segment_(std::move(segment)), capacity_(capacity), max_message_size_(max_message_size),
      consumer_channel_(segment_, "consumers"), producer_channel_(segment_, "producers") {}

Queue::Queue(Queue&& other) noexcept
    : segment_(std::move(other.segment_)),
      capacity_(other.capacity_),
      max_message_size_(other.max_message_size_),
      wake_block_(other.wake_block_),
      consumer_channel_(std::move(other.consumer_channel_)),
      producer_channel_(std::move(other.producer_channel_)),
      lock_timeout_ns_(other.lock_timeout_ns_.load()),
      lock_wait_abort_(other.lock_wait_abort_) {
    point_waiter_counts();
}

Queue Queue::create(const std::string& name, std::uint32_t capacity, std::uint32_t max_message_size, bool persistent,
                    unsigned mode) {
    const std::size_t size = requested_size(name, capacity, max_message_size) + layout::wake_block_size;
    Queue queue(Segment::create(name, size, persistent, mode), capacity, max_message_size);
    queue.write_wake_block_magic();
    // Every header field, as upstream's writer does (the segment is zero-filled already).
    queue.store(layout::write_index_offset, 0);
    queue.store(layout::read_index_offset, 0);
    queue.store(layout::capacity_offset, capacity);
    queue.store(layout::max_message_size_offset, max_message_size);
    queue.store(layout::producer_lock_offset, lock_free_value);
    queue.store(layout::consumer_lock_offset, lock_free_value);
    queue.store(layout::count_offset, 0, std::memory_order_release);
    queue.find_wake_block();
    return queue;
}

Queue Queue::open(const std::string& name, std::uint32_t capacity, std::uint32_t max_message_size, bool persistent) {
    const std::size_t size = requested_size(name, capacity, max_message_size);
    Queue queue(open_ring(name, size, persistent), capacity, max_message_size);
    const std::uint32_t held_capacity = queue.load(layout::capacity_offset);
    const std::uint32_t held_max = queue.load(layout::max_message_size_offset);
    if (held_capacity != capacity || held_max != max_message_size)
        throw Error(ErrorCode::invalid_argument,
                    quoted(name) + " has capacity " + std::to_string(held_capacity) + " and maxMessageSize " +
                        std::to_string(held_max) + " in its header, not the " + std::to_string(capacity) + " and " +
                        std::to_string(max_message_size) + " given (open it without a geometry to use the header's)");
    queue.find_wake_block();
    return queue;
}

Queue Queue::open_existing(const std::string& name, bool persistent) {
    Segment segment = Segment::open_existing(name, persistent);
    // Refused objects are someone else's (a creator may be writing the header right now): a
    // handle that is not persistent must not remove their name on the way out.
    if (segment.size() < layout::header_size) {
        segment.forget_name();
        throw Error(ErrorCode::corrupt, quoted(name) + ": the segment has " + std::to_string(segment.size()) +
                                            " bytes, too few for the 28-byte queue header");
    }
    Queue queue(std::move(segment), 0, 0);
    const std::uint32_t capacity = queue.load(layout::capacity_offset);
    const std::uint32_t max_message_size = queue.load(layout::max_message_size_offset);
    const auto size = layout::segment_size(capacity, max_message_size);
    if (capacity == 0 || max_message_size == 0 || !size || *size > queue.segment_.size()) {
        queue.segment_.forget_name();
        throw Error(ErrorCode::corrupt, quoted(name) + ": header capacity " + std::to_string(capacity) +
                                            " and maxMessageSize " + std::to_string(max_message_size) +
                                            " do not fit the " + std::to_string(queue.segment_.size()) +
                                            "-byte segment");
    }
    queue.capacity_ = capacity;
    queue.max_message_size_ = max_message_size;
    queue.find_wake_block();
    return queue;
}

namespace {
std::string geometry_text(std::uint32_t capacity, std::uint32_t max_message_size) {
    return "capacity " + std::to_string(capacity) + " and maxMessageSize " + std::to_string(max_message_size);
}
}  // namespace

Queue Queue::open_or_create(const std::string& name, std::uint32_t capacity, std::uint32_t max_message_size,
                            bool persistent, unsigned mode, std::chrono::nanoseconds wait) {
    const std::size_t ring = requested_size(name, capacity, max_message_size);
    const std::size_t size = ring + layout::wake_block_size;
    const auto deadline = std::chrono::steady_clock::now() + wait;
    std::optional<Segment> segment;
    std::string other_size;  // Segment's message naming both sizes
    try {
        segment.emplace(Segment::open_or_create(name, size, persistent, mode, wait));
    } catch (const Error& e) {
        if (e.code() != ErrorCode::invalid_size) throw;
        other_size = e.what();
        // Exactly this geometry's ring: a queue the C++ library created (no wake block). Its
        // header is checked (and waited for) below, as one of ours.
        try {
            segment.emplace(Segment::open_existing(name, persistent));
        } catch (const Error&) {
            throw e;
        }
        if (segment->size() != ring) segment->forget_name();  // someone else's: leave it
    }
    if (segment->size() != size && segment->size() != ring) {
        // Another size: name the geometry its header holds, when it has a readable one.
        segment.reset();
        std::optional<Queue> other;
        try {
            other.emplace(open_existing(name, true));
        } catch (const Error&) {
            throw Error(ErrorCode::invalid_size, other_size);
        }
        throw Error(ErrorCode::invalid_size, quoted(name) + " exists with " +
                                                 geometry_text(other->capacity(), other->max_message_size()) +
                                                 ", not the " + geometry_text(capacity, max_message_size) + " requested");
    }
    Queue queue(std::move(*segment), capacity, max_message_size);
    if (queue.created()) {
        // Zero-filled: indices, count and locks are 0 already. Writing nothing else keeps a
        // waiter that starts using the queue at once safe; the geometry goes last.
        queue.write_wake_block_magic();
        queue.store(layout::max_message_size_offset, max_message_size);
        queue.store(layout::capacity_offset, capacity, std::memory_order_release);
        queue.find_wake_block();
        return queue;
    }
    try {
        // Its creator writes capacity last: once it is there, so is the rest of the header.
        while (queue.load(layout::capacity_offset, std::memory_order_acquire) == 0) {
            if (std::chrono::steady_clock::now() >= deadline)
                throw Error(ErrorCode::corrupt, quoted(name) + " exists but its header still holds no geometry: its "
                                                               "creator died before writing it. Remove the name and retry");
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        const std::uint32_t held_capacity = queue.load(layout::capacity_offset);
        const std::uint32_t held_max = queue.load(layout::max_message_size_offset);
        if (held_capacity != capacity || held_max != max_message_size)
            throw Error(ErrorCode::invalid_size, quoted(name) + " exists with " + geometry_text(held_capacity, held_max) +
                                                     ", not the " + geometry_text(capacity, max_message_size) + " requested");
    } catch (...) {
        queue.segment_.forget_name();  // refused: the queue stays, it is its creator's
        throw;
    }
    queue.find_wake_block();  // its creator wrote the magic before the geometry
    return queue;
}

// ---- refusals (the checks are inline: queue_access.hpp) ----

void Queue::corrupt(const std::string& what) const {
    throw Error(ErrorCode::corrupt, quoted(name()) + ": " + what + " (a peer is broken or hostile; nothing was read or written outside the segment)");
}

void Queue::corrupt_geometry(std::uint32_t capacity, std::uint32_t max_message_size) const {
    corrupt("header now says capacity " + std::to_string(capacity) + " and maxMessageSize " +
            std::to_string(max_message_size) + ", not " + std::to_string(capacity_) + " and " +
            std::to_string(max_message_size_) + " as when it was opened");
}

void Queue::corrupt_count(std::uint32_t count) const {
    corrupt("count " + std::to_string(count) + " exceeds capacity " + std::to_string(capacity_));
}

void Queue::corrupt_index(const char* what, std::uint32_t index) const {
    corrupt(std::string(what) + " " + std::to_string(index) + " is not below capacity " + std::to_string(capacity_));
}

void Queue::corrupt_length(std::uint32_t index, std::uint32_t length) const {
    corrupt("slot " + std::to_string(index) + " holds length " + std::to_string(length) +
            ", more than maxMessageSize " + std::to_string(max_message_size_));
}

void Queue::refuse_closed() const { throw Error(ErrorCode::closed, quoted(name()) + " is closed"); }

void Queue::refuse_null_message() const { throw Error(ErrorCode::invalid_argument, quoted(name()) + ": message is NULL"); }

void Queue::too_large(std::size_t length) const {
    throw Error(ErrorCode::too_large, quoted(name()) + ": message of " + std::to_string(length) +
                                          " bytes exceeds maxMessageSize " + std::to_string(max_message_size_) +
                                          "; nothing was enqueued");
}

// ---- operations (WIRE.md §3; the enqueue steps are inline: queue_steps.hpp) ----

// Before its lock an operation reads the header only for the count glance, right before the CAS;
// the geometry is checked under the lock. A producer and a consumer busy on the header's one
// cache line take it from each other between a thread's first read of it and its CAS: the
// shorter that window, the more often the line stays put. (Measured: native SPSC with a few ns
// of extra work per call stayed at ~330 ns a message with the geometry read here, and ran at
// ~210 ns in 5 of 8 runs without it.)

bool Queue::enqueue(const void* data, std::size_t length) {
    check_message(length);
    if (length > 0 && data == nullptr) [[unlikely]]
        refuse_null_message();
    return enqueue_locked(length, [&](std::byte* slot) { std::memcpy(slot, data, length); });
}

template <typename Accept>
ReceiveResult Queue::receive_with(bool remove, Accept&& accept) {
    check_open();
    if (looks_empty()) return {Received::empty, 0};
    SpinLock lock = consumer_lock();
    for (;;) {
        lock.lock(lock_timeout());
        if (!lock.recovered()) break;
        // Its holder died and may have left a dequeue half-done. The repair needs both locks,
        // producer first: give this one back to the dead holder's token (so nobody uses the
        // queue unrepaired meanwhile), take both in order, repair, and start again.
        lock.abandon();
        repair_in_order();
    }
    detail::AdoptedLock guard(lock);
    check_geometry();
    if (checked_count() == 0) return {Received::empty, 0};
    const std::uint32_t read_index = checked_index(layout::read_index_offset, "readIndex");
    const std::byte* slot = segment_.data() + layout::slot_offset(read_index, max_message_size_);
    const std::uint32_t length = read_length(slot);
    if (length > max_message_size_) [[unlikely]]
        corrupt_length(read_index, length);
    if (!accept(slot + layout::slot_length_size, length)) return {Received::declined, length};
    if (remove) {
        store(layout::read_index_offset, next_index(read_index));
        // Frees the slot: a producer that sees the lower count (acquire) may overwrite it.
        std::atomic_ref<std::uint32_t>(*field(layout::count_offset)).fetch_sub(1, std::memory_order_seq_cst);
        producer_waiter_count().wake_if_waiting(field(layout::count_offset));
    }
    return {Received::taken, length};
}

ReceiveResult Queue::receive(bool remove, MessageSink& sink) {
    return receive_with(remove, [&](const std::byte* data, std::uint32_t length) { return sink.accept(data, length); });
}

// The copy in place, not through a MessageSink: no virtual call on the C ABI's path.
ReceiveResult Queue::receive(bool remove, std::span<std::byte> destination) {
    return receive_with(remove, [&](const std::byte* data, std::uint32_t length) {
        if (length > destination.size()) return false;
        if (length != 0) std::memcpy(destination.data(), data, length);  // an empty span may have no data()
        return true;
    });
}

std::optional<std::vector<std::byte>> Queue::dequeue() {
    VectorSink sink;
    if (receive(true, sink).status == Received::empty) return std::nullopt;
    return std::move(sink.message);
}

std::optional<std::vector<std::byte>> Queue::peek() {
    VectorSink sink;
    if (receive(false, sink).status == Received::empty) return std::nullopt;
    return std::move(sink.message);
}

std::uint32_t Queue::size() const {
    check_geometry();
    return checked_count();
}

void Queue::wake_all_waiters() const noexcept {
    if (segment_.data() == nullptr) return;
    consumer_waiter_count().wake_all(field(layout::count_offset));
    producer_waiter_count().wake_all(field(layout::count_offset));  // Linux: the same word again, a close only
}

// ---- the wake block and sleeping waits ----

Segment Queue::open_ring(const std::string& name, std::size_t ring, bool persistent) {
    // Ours has the wake block after the ring; the C++ library's is exactly the ring.
    try {
        return Segment::open(name, ring + layout::wake_block_size, persistent);
    } catch (const Error& e) {
        if (e.code() != ErrorCode::invalid_size) throw;
    }
    return Segment::open(name, ring, persistent);
}

void Queue::write_wake_block_magic() noexcept {
    const auto ring = layout::segment_size(capacity_, max_message_size_);
    if (ring && segment_.size() >= *ring + layout::wake_block_size)
        std::memcpy(segment_.data() + *ring, layout::wake_block_magic, sizeof layout::wake_block_magic);
}

void Queue::find_wake_block() noexcept {
    const auto ring = layout::segment_size(capacity_, max_message_size_);
    wake_block_ = nullptr;
    if (ring && segment_.size() >= *ring + layout::wake_block_size &&
        std::memcmp(segment_.data() + *ring, layout::wake_block_magic, sizeof layout::wake_block_magic) == 0)
        wake_block_ = segment_.data() + *ring;
    point_waiter_counts();
}

void Queue::point_waiter_counts() noexcept {
    const bool block = wake_block_ != nullptr;
    if (!block) {  // the counts are this handle's own: so are the channels (Windows), no other handle takes their releases
        consumer_channel_.make_private();
        producer_channel_.make_private();
    }
    consumer_waiters_ = block ? reinterpret_cast<std::uint8_t*>(wake_block_ + layout::consumer_waiters_offset)
                              : &local_waiters_[0];
    producer_waiters_ = block ? reinterpret_cast<std::uint8_t*>(wake_block_ + layout::producer_waiters_offset)
                              : &local_waiters_[1];
}

template <typename Done>
bool Queue::sleep_until(const WaiterCount& waiters, std::chrono::nanoseconds timeout, std::chrono::nanoseconds idle_slice,
                        std::chrono::nanoseconds unwoken_slice, Done&& done) {
    check_open();
    const std::uint32_t* count = field(layout::count_offset);
    // Without a wake block nobody in another process wakes this handle: short slices from the start.
    const WaitSlices slices{wake_block_ != nullptr ? idle_slice : std::min(idle_slice, unwoken_slice), unwoken_slice,
                            &unwoken_peer_seen_};
    const WaitEnd end = lsm::sleep_until(waiters, count, timeout, slices, lock_wait_abort_.closing,
                                         lock_wait_abort_.interrupted, done, [count] {
        return std::atomic_ref<std::uint32_t>(*const_cast<std::uint32_t*>(count)).load(std::memory_order_seq_cst);
    });
    if (end == WaitEnd::closing) [[unlikely]]
        refuse_closed();
    return end == WaitEnd::done;
}

bool Queue::wait_not_empty(std::chrono::nanoseconds timeout, std::chrono::nanoseconds idle_slice,
                           std::chrono::nanoseconds unwoken_slice) {
    return sleep_until(consumer_waiter_count(), timeout, idle_slice, unwoken_slice, [this] { return !looks_empty(); });
}

bool Queue::wait_not_full(std::chrono::nanoseconds timeout, std::chrono::nanoseconds idle_slice,
                          std::chrono::nanoseconds unwoken_slice) {
    return sleep_until(producer_waiter_count(), timeout, idle_slice, unwoken_slice,
                       [this] { return load(layout::count_offset, std::memory_order_acquire) < capacity_; });
}

}  // namespace lsm
