// Streams (WIRE.md §2): one writer publishes a payload, readers copy the latest one.
//
// Every write and every read of the payload holds the lock word at offset 16, so a
// payload is never torn, whatever the number of threads and processes. `revision`
// and `ack` carry change detection: a write increments revision; a reader that has
// consumed a payload stores the revision into ack, which the writer can wait for.
//
// Fields read from the segment are validated on every read: a size that does not fit
// the mapping is reported as ErrorCode::corrupt and nothing outside it is touched.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "lsm/address_wait.hpp"
#include "lsm/segment.hpp"
#include "lsm/spin_lock.hpp"
#include "lsm/stream_layout.hpp"

namespace lsm {

// The data type bit of the flags byte.
enum class StreamType : std::uint8_t {
    none = 0,  // nothing written yet
    string = stream_layout::type_string,
    float32 = stream_layout::type_float,
    float64 = stream_layout::type_double,
};

// What writer and reader share: the segment, the header fields, the lock timeout.
class StreamSegment {
public:
    StreamSegment(const StreamSegment&) = delete;
    StreamSegment& operator=(const StreamSegment&) = delete;

    const std::string& name() const noexcept { return segment_.name(); }
    std::size_t size() const noexcept { return segment_.size(); }
    // The largest payload: the segment minus the header, and at most what the 32-bit size field holds.
    std::size_t max_payload() const noexcept { return max_payload_; }

    // The flags byte; WIRE.md allows reading it without the lock.
    std::uint8_t flags() const noexcept;
    // The revision (acquire): pairs with the writer's release increment.
    std::uint32_t revision() const noexcept;
    // The revision a reader last acknowledged (acquire).
    std::uint32_t ack() const noexcept;

    // How long a write or read waits for the lock before it fails with ErrorCode::timeout.
    void set_lock_timeout(std::chrono::nanoseconds timeout) noexcept { lock_timeout_ns_.store(timeout.count()); }
    std::chrono::nanoseconds lock_timeout() const noexcept { return std::chrono::nanoseconds(lock_timeout_ns_.load()); }

    // What ends this stream's lock waits early (the handle's close, a thread's interrupt).
    LockWaitAbort& lock_wait_abort() noexcept { return lock_wait_abort_; }

    // The value of the lock word now: 0 free, our token 0x80000000|pid, anything else a holder
    // of unknown identity (upstream stores 1). describe_lock_holder() makes it readable.
    std::uint32_t lock_holder() const noexcept;

    // Takes the lock away from its holder, which must be known to be dead (a live one would
    // go on writing or reading unprotected), takes it over (emptying a payload one of our
    // writers left half-copied) and leaves it free. Returns the value replaced (0 = it was
    // free: nothing done). Error(timeout) only if another of our processes took the abandoned
    // lock first and keeps it longer than the lock timeout.
    std::uint32_t force_unlock();
    // As force_unlock(), only while the lock word still holds `expected` (the value the caller
    // checked): returns the value found, `expected` when forced, another when it changed
    // meanwhile (then nothing is done).
    std::uint32_t force_unlock_if(std::uint32_t expected);

    // Removes the segment's name (the mapping stays until the object is destroyed).
    void destroy() { segment_.destroy(); }

    // True when the name no longer leads to the segment this handle maps: it was removed, or
    // a restarted writer re-created it (WIRE.md §1). Reopen to see the new writer's data.
    bool is_stale() const { return segment_.is_stale(); }

    const Segment& segment() const noexcept { return segment_; }
    Segment& segment() noexcept { return segment_; }

    // Wakes every thread sleeping on this stream's words, in any process (close() ending the
    // waits inside this handle; others re-check and sleep again).
    void wake_all_waiters() const noexcept;

    // How many of our threads sleep now waiting for a revision / for the ack (header bytes 2, 3).
    std::uint8_t revision_waiters() const noexcept { return revision_waiter_count(segment_.data()).value(); }
    std::uint8_t ack_waiters() const noexcept { return ack_waiter_count(segment_.data()).value(); }
    // Whether a change came that nobody woke this handle for (a C++ peer): its slices are short since.
    bool unwoken_peer_seen() const noexcept { return unwoken_peer_seen_.load(std::memory_order_relaxed); }

    // The slices of a wait (WaitSlices, address_wait.hpp): a peer that wakes nobody (the C++
    // library) is noticed within the idle slice, and within the short one once it has shown itself.
    static constexpr std::chrono::nanoseconds default_idle_slice = std::chrono::milliseconds(100);
    static constexpr std::chrono::nanoseconds default_unwoken_slice = std::chrono::milliseconds(10);

protected:
    static constexpr std::chrono::nanoseconds default_lock_timeout = std::chrono::seconds(5);

    explicit StreamSegment(Segment segment)
        : segment_(std::move(segment)), max_payload_(std::min<std::size_t>(stream_layout::max_payload(segment_.size()), UINT32_MAX)),
          revision_channel_(segment_, "revision"), ack_channel_(segment_, "ack") {}
    // For GuardedHandle::replace: `other` is not used while this runs.
    StreamSegment(StreamSegment&& other) noexcept
        : segment_(std::move(other.segment_)), max_payload_(other.max_payload_),
          revision_channel_(std::move(other.revision_channel_)), ack_channel_(std::move(other.ack_channel_)),
          lock_timeout_ns_(other.lock_timeout_ns_.load()), lock_wait_abort_(other.lock_wait_abort_) {}
    ~StreamSegment() = default;

    // A 32-bit header field of the mapping at `base` (offsets 4..16: 4-byte aligned in a
    // page-aligned mapping). The steps take `base` once: after an opaque call (the lock's wait,
    // a fill) the compiler would reload segment_.data() at every field.
    static std::atomic_ref<std::uint32_t> field(std::byte* base, std::size_t offset) noexcept {
        return std::atomic_ref<std::uint32_t>(*reinterpret_cast<std::uint32_t*>(base + offset));
    }
    std::atomic_ref<std::uint32_t> field(std::size_t offset) const noexcept { return field(segment_.data(), offset); }
    static std::atomic_ref<std::uint8_t> byte_at(std::byte* base, std::size_t offset) noexcept {
        return std::atomic_ref<std::uint8_t>(*reinterpret_cast<std::uint8_t*>(base + offset));
    }
    WaiterCount revision_waiter_count(std::byte* base) const noexcept {
        return WaiterCount(reinterpret_cast<std::uint8_t*>(base + stream_layout::revision_waiters_offset), revision_channel_);
    }
    WaiterCount ack_waiter_count(std::byte* base) const noexcept {
        return WaiterCount(reinterpret_cast<std::uint8_t*>(base + stream_layout::ack_waiters_offset), ack_channel_);
    }
    const std::uint32_t* word(std::size_t offset) const noexcept {
        return reinterpret_cast<const std::uint32_t*>(segment_.data() + offset);
    }
    // sleep_until (address_wait.hpp) on the header word at `word_offset`; Error(closed) once
    // the handle is closing; false (not done) once the binding's thread is interrupted.
    template <typename Done, typename Seen>
    bool sleep_until(const WaiterCount& waiters, std::size_t word_offset, std::chrono::nanoseconds timeout,
                     std::chrono::nanoseconds idle_slice, std::chrono::nanoseconds unwoken_slice, Done&& done,
                     Seen&& seen_now) {
        const WaitSlices slices{idle_slice, unwoken_slice, &unwoken_peer_seen_};
        const WaitEnd end = lsm::sleep_until(waiters, word(word_offset), timeout, slices, lock_wait_abort().closing,
                                             lock_wait_abort().interrupted, std::forward<Done>(done),
                                             std::forward<Seen>(seen_now));
        if (end == WaitEnd::closing) [[unlikely]]
            refuse_closed();
        return end == WaitEnd::done;
    }
    [[noreturn]] void refuse_closed() const;
    // "stream 'name'" for error messages.
    std::string what() const { return "stream '" + name() + "'"; }
    std::uint32_t* lock_word() const noexcept {
        return reinterpret_cast<std::uint32_t*>(segment_.data() + stream_layout::lock_offset);
    }
    SpinLock stream_lock() const noexcept { return SpinLock(lock_word(), "stream lock", &segment_.name(), &lock_wait_abort_); }
    // With the lock held: if a writer died mid-write (its mark is still set), empties the
    // payload (size 0; revision unchanged) so that nobody reads a half-copied one.
    static void discard_torn_payload(std::byte* base) noexcept {
        auto mark = byte_at(base, stream_layout::write_mark_offset);
        if (mark.load(std::memory_order_relaxed) == 0) [[likely]]
            return;
        field(base, stream_layout::size_offset).store(0, std::memory_order_relaxed);
        mark.store(0, std::memory_order_release);
    }

    Segment segment_;
    const std::size_t max_payload_;  // of the mapping, computed once
    // What the revision's and the ack's sleepers block on (wake_channel.hpp; empty but on Windows).
    [[no_unique_address]] WakeChannel revision_channel_;
    [[no_unique_address]] WakeChannel ack_channel_;

private:
    // After a forced unlock that replaced `held`: takes the abandoned lock over at once, empties a
    // torn payload and leaves the lock free. Returns `held`.
    std::uint32_t take_over_forced(std::uint32_t held);

    std::atomic<std::int64_t> lock_timeout_ns_{default_lock_timeout.count()};
    LockWaitAbort lock_wait_abort_;
    std::atomic<bool> unwoken_peer_seen_{false};  // a change came that nobody woke this handle for
};

// Selects StreamWriter's open-or-create constructor and StreamReader's sizeless one.
struct OpenOrCreate {};
struct WholeSegment {};

class StreamWriter : public StreamSegment {
public:
    // Creates the segment of `size` bytes (header included; it must be larger than the
    // 20-byte header), replacing any existing one, and zeroes the header.
    StreamWriter(const std::string& name, std::size_t size, bool persistent, unsigned mode = Segment::default_mode);

    // Opens the stream when it exists, else creates it (Segment::open_or_create); never
    // replaces one and never rewrites its header: a new segment is zero-filled, which is the
    // empty header, so a peer that opens it at once sees a whole one.
    StreamWriter(OpenOrCreate, const std::string& name, std::size_t size, bool persistent,
                 unsigned mode = Segment::default_mode);

    // True when this handle created the segment.
    bool created() const noexcept { return segment_.created(); }

    // Publishes `bytes` bytes of `type`. A payload larger than max_payload() is refused
    // with ErrorCode::too_large and nothing is written.
    void write(StreamType type, const void* data, std::size_t bytes);

    // As write(), but the payload is produced by `fill(std::byte* destination)`, called with
    // the lock held, before any header field changes. fill must copy exactly `bytes` bytes,
    // or throw before it writes any: then the segment is left unchanged.
    // (stream_steps.hpp: inline, so that a call is one function with its fill.)
    template <typename Fill>
    void write_with(StreamType type, std::size_t bytes, Fill&& fill);

    // Publishes UTF-16 text (a Java String's chars) as a STRING of its UTF-8 bytes, as Java's
    // String.getBytes(UTF_8) gives them (utf16.hpp), encoded straight into the payload area.
    void write_utf16(const std::uint16_t* chars, std::size_t count);

    // True when a reader acknowledged the latest write (ack == revision).
    bool is_message_read() const noexcept;

    // Sleeps until is_message_read(), at most `timeout`, in slices (WaitSlices); woken
    // by our readers' mark_as_read in any process. True when read; Error(closed) on close().
    bool wait_for_read(std::chrono::nanoseconds timeout, std::chrono::nanoseconds idle_slice = default_idle_slice,
                       std::chrono::nanoseconds unwoken_slice = default_unwoken_slice);

private:
    // The refusals of write_with, out of line: their messages are built only when thrown.
    [[noreturn]] void refuse_type(StreamType type) const;
    [[noreturn]] void refuse_size(std::size_t bytes) const;
    [[noreturn]] void refuse_null_payload() const;
};

// Where a read copies the payload to: `bytes` (at most the payload size) bytes at `data`.
struct ReadTarget {
    std::byte* data;
    std::size_t bytes;
};

class StreamReader : public StreamSegment {
public:
    // Opens the existing segment, mapping `size` bytes (header included, > 20). The
    // revision seen now counts as read: has_new_data() reports only later writes.
    StreamReader(const std::string& name, std::size_t size, bool persistent);

    // As above, mapping the whole object: the payload area is its size minus the header.
    StreamReader(WholeSegment, const std::string& name, bool persistent);

    StreamReader(StreamReader&& other) noexcept : StreamSegment(std::move(other)), last_seen_(other.last_seen_.load()) {}

    // Copies the payload under the lock to where `destination(payload_size)` says (a
    // ReadTarget); destination runs with the lock held and may throw to abort the read.
    // Returns the payload size.
    // (stream_steps.hpp: inline, as write_with.)
    template <typename Destination>
    std::size_t read_with(Destination&& destination);

    // Copies the payload into dst; ErrorCode::too_large (nothing copied) if it is larger than capacity.
    std::size_t read_into(void* dst, std::size_t capacity);
    // Copies the payload into `out`, resized to fit.
    std::size_t read_into(std::vector<std::byte>& out);

    std::string read_string();
    std::vector<float> read_floats();    // size / 4 values
    std::vector<double> read_doubles();  // size / 8 values

    // The payload size in bytes, validated against the segment.
    std::size_t payload_size() const;

    // True when a write completed since this reader opened or last called mark_as_read().
    bool has_new_data() const noexcept;
    // Acknowledges the current revision: ack (release) and this reader's last seen; wakes a
    // writer sleeping in wait_for_read (only a load when none sleeps).
    void mark_as_read() noexcept;
    // Counts every write to the object as new, its first one included (revision 0 = nothing
    // seen): for a reader that follows a re-created stream.
    void forget_seen() noexcept { last_seen_.store(0, std::memory_order_relaxed); }

    // Sleeps until has_new_data(), at most `timeout`, in slices (WaitSlices); woken by
    // our writers in any process, a writer that wakes nobody noticed within a slice. True when
    // new data; Error(closed) on close().
    bool wait_new_data(std::chrono::nanoseconds timeout, std::chrono::nanoseconds idle_slice = default_idle_slice,
                       std::chrono::nanoseconds unwoken_slice = default_unwoken_slice);

private:
    // The size field, refused (corrupt) when it does not fit the payload area.
    std::size_t checked_size(std::uint32_t size_field) const {
        if (size_field > max_payload_) [[unlikely]]
            refuse_size_field(size_field);
        return size_field;
    }
    [[noreturn]] void refuse_size_field(std::uint32_t size_field) const;
    [[noreturn]] void refuse_destination(std::size_t size, std::size_t capacity) const;

    std::atomic<std::uint32_t> last_seen_{0};
};

}  // namespace lsm

#include "lsm/stream_steps.hpp"  // the inline bodies of write_with, read_with, write, read_into
