// Dead lock holders: a queue or stream whose lock holder died half-way through an operation.
// Each half-done state is built by hand (header bytes + a dead process's token in the lock
// word, from a forked child that has exited) and the next operation must repair it.
#include <chrono>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "check.hpp"
#include "lsm/queue.hpp"
#include "lsm/queue_layout.hpp"
#include "lsm/spin_lock.hpp"
#include "lsm/stream.hpp"

#if !defined(_WIN32)
#include <sys/wait.h>
#include <unistd.h>

using namespace std::chrono_literals;
using lsm::ErrorCode;
using lsm::Queue;
using lsm::Segment;
using lsm::test::NameCleanup;
using lsm::test::unique_name;
namespace layout = lsm::queue_layout;

namespace {

// The token a process of ours that has died left in a lock word.
std::uint32_t dead_token() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    return lsm::lock_token_bit | static_cast<std::uint32_t>(child);
}

std::uint32_t u32_at(const Segment& s, std::size_t offset) {
    std::uint32_t v;
    std::memcpy(&v, s.data() + offset, 4);
    return v;
}

void put_u32(Segment& s, std::size_t offset, std::uint32_t v) { std::memcpy(s.data() + offset, &v, 4); }

bool enqueue_text(Queue& q, const std::string& text) { return q.enqueue(text.data(), text.size()); }

std::string text_of(const std::optional<std::vector<std::byte>>& bytes) {
    if (!bytes) return "<empty>";
    return std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size());
}

std::vector<std::string> drain(Queue& q) {
    std::vector<std::string> out;
    while (auto m = q.dequeue()) out.push_back(text_of(m));
    return out;
}

std::string joined(const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ",") + x;
    return s;
}

// A queue of `capacity` slots of 8 bytes, with `messages` m0, m1, ... enqueued after `skip`
// enqueue+dequeue pairs (to move the indices away from 0), and a raw view of its segment.
struct Fixture {
    NameCleanup cleanup;
    std::string name;
    std::optional<Queue> queue;
    std::optional<Segment> raw;
    std::uint32_t capacity;

    Fixture(std::uint32_t capacity_, int messages, int skip = 0) : capacity(capacity_) {
        name = cleanup.add(unique_name("qdead"));
        queue.emplace(Queue::create(name, capacity, 8, true));
        raw.emplace(Segment::open(name, *layout::segment_size(capacity, 8), true));
        for (int i = 0; i < skip; ++i) {
            enqueue_text(*queue, "skip");
            queue->dequeue();
        }
        for (int i = 0; i < messages; ++i) {
            std::string label(1, 'm');
            label += std::to_string(i);
            REQUIRE(enqueue_text(*queue, label));
        }
    }
    std::uint32_t w() const { return u32_at(*raw, layout::write_index_offset); }
    std::uint32_t r() const { return u32_at(*raw, layout::read_index_offset); }
    std::uint32_t count() const { return u32_at(*raw, layout::count_offset); }

    // A producer wrote `text` into slot writeIndex and advanced writeIndex, then died.
    void half_enqueue(const std::string& text) {
        std::byte* slot = raw->data() + layout::slot_offset(w(), 8);
        const auto length = static_cast<std::uint32_t>(text.size());
        std::memcpy(slot, &length, 4);
        std::memcpy(slot + 4, text.data(), text.size());
        put_u32(*raw, layout::write_index_offset, (w() + 1) % capacity);
        put_u32(*raw, layout::producer_lock_offset, dead_token());
    }
    // A consumer read slot readIndex and advanced readIndex, then died.
    void half_dequeue() {
        put_u32(*raw, layout::read_index_offset, (r() + 1) % capacity);
        put_u32(*raw, layout::consumer_lock_offset, dead_token());
    }
    bool consistent() const { return (w() + 2 * capacity - r() - count()) % capacity == 0; }
};

}  // namespace

LSM_TEST("dead_holders_posix", dead_producer_between_index_and_count_is_rolled_back) {
    for (int skip : {0, 3}) {
        Fixture f(4, 2, skip);
        f.half_enqueue("half");
        CHECK(!f.consistent());
        // Consumers are not affected: they use readIndex and count only.
        CHECK_EQ(text_of(f.queue->dequeue()), std::string("m0"));
        // The next producer takes the dead producer's lock over and repairs first.
        CHECK(enqueue_text(*f.queue, "x"));
        CHECK(f.consistent());
        CHECK_EQ(f.count(), 2u);
        CHECK_EQ(u32_at(*f.raw, layout::producer_lock_offset), 0u);
        CHECK_EQ(u32_at(*f.raw, layout::consumer_lock_offset), 0u);
        CHECK_EQ(joined(drain(*f.queue)), std::string("m1,x"));
    }
}

LSM_TEST("dead_holders_posix", dead_producer_with_one_free_slot_full_empty_ambiguity) {
    // count = capacity − 1: the half enqueue makes writeIndex = readIndex, as "full" and "empty" do.
    Fixture f(4, 3, 2);
    f.half_enqueue("half");
    CHECK_EQ(f.w(), f.r());
    CHECK(enqueue_text(*f.queue, "x"));  // repaired, then the slot is free again
    CHECK(!enqueue_text(*f.queue, "y"));  // now full
    CHECK(f.consistent());
    CHECK_EQ(joined(drain(*f.queue)), std::string("m0,m1,m2,x"));
    CHECK(f.consistent());
}

LSM_TEST("dead_holders_posix", dead_producer_on_empty_queue_is_rolled_back) {
    Fixture f(3, 0, 1);
    f.half_enqueue("half");
    CHECK(!f.queue->dequeue());  // nothing was handed over
    CHECK(enqueue_text(*f.queue, "x"));
    CHECK_EQ(joined(drain(*f.queue)), std::string("x"));
}

LSM_TEST("dead_holders_posix", dead_consumer_between_index_and_count_is_rolled_back) {
    for (int skip : {0, 3}) {
        Fixture f(4, 3, skip);
        f.half_dequeue();
        CHECK(!f.consistent());
        // The message the dead consumer was taking is delivered again: its dequeue never returned.
        CHECK_EQ(text_of(f.queue->dequeue()), std::string("m0"));
        CHECK(f.consistent());
        CHECK_EQ(u32_at(*f.raw, layout::producer_lock_offset), 0u);
        CHECK_EQ(u32_at(*f.raw, layout::consumer_lock_offset), 0u);
        CHECK_EQ(joined(drain(*f.queue)), std::string("m1,m2"));
    }
}

LSM_TEST("dead_holders_posix", dead_consumer_on_full_and_on_single_message) {
    {
        Fixture f(4, 4, 1);  // full: writeIndex = readIndex before the half dequeue
        f.half_dequeue();
        CHECK(!enqueue_text(*f.queue, "x"));  // producers see count = 4: still full, no overwrite
        CHECK_EQ(joined(drain(*f.queue)), std::string("m0,m1,m2,m3"));
        CHECK(f.consistent());
    }
    {
        Fixture f(4, 1, 2);  // one message: the half dequeue makes writeIndex = readIndex, count 1
        f.half_dequeue();
        CHECK_EQ(joined(drain(*f.queue)), std::string("m0"));
        CHECK(enqueue_text(*f.queue, "x"));
        CHECK_EQ(joined(drain(*f.queue)), std::string("x"));
    }
}

LSM_TEST("dead_holders_posix", dead_consumer_while_producers_go_on) {
    Fixture f(4, 2);
    f.half_dequeue();
    // The producer side is consistent on its own: producers fill the queue up to count = 4.
    CHECK(enqueue_text(*f.queue, "a"));
    CHECK(enqueue_text(*f.queue, "b"));
    CHECK(!enqueue_text(*f.queue, "c"));
    CHECK_EQ(joined(drain(*f.queue)), std::string("m0,m1,a,b"));
}

LSM_TEST("dead_holders_posix", capacity_two_is_decided_by_the_dead_side) {
    {
        Fixture f(2, 1);
        f.half_enqueue("half");  // d = 1 with count 1: a producer or a consumer could have left it
        CHECK(enqueue_text(*f.queue, "x"));
        CHECK_EQ(joined(drain(*f.queue)), std::string("m0,x"));
    }
    {
        Fixture f(2, 2);
        f.queue->dequeue();  // count 1, m1 at readIndex 1
        f.half_dequeue();
        CHECK_EQ(joined(drain(*f.queue)), std::string("m1"));
        CHECK(f.consistent());
    }
}

LSM_TEST("dead_holders_posix", capacity_one_keeps_the_message) {
    Fixture f(1, 1);
    f.half_dequeue();  // indices stay 0: nothing to see, the message is simply read again
    CHECK_EQ(joined(drain(*f.queue)), std::string("m0"));
    f.half_enqueue("half");  // count stays 0: the slot copy is not handed over
    CHECK(!f.queue->dequeue());
    CHECK(enqueue_text(*f.queue, "x"));
    CHECK_EQ(joined(drain(*f.queue)), std::string("x"));
}

LSM_TEST("dead_holders_posix", impossible_discrepancy_is_corrupt) {
    Fixture f(5, 1);
    put_u32(*f.raw, layout::write_index_offset, 3);  // d = 2
    put_u32(*f.raw, layout::producer_lock_offset, dead_token());
    CHECK_THROWS_CODE(ErrorCode::corrupt, enqueue_text(*f.queue, "x"));
    CHECK_EQ(u32_at(*f.raw, layout::consumer_lock_offset), 0u);
}

LSM_TEST("dead_holders_posix", upstream_holder_times_out_then_force_unlock_repairs) {
    Fixture f(4, 2);
    f.queue->set_lock_timeout(30ms);
    f.half_enqueue("half");
    put_u32(*f.raw, layout::producer_lock_offset, 1);  // an upstream producer, identity unknown
    CHECK_EQ(f.queue->producer_lock_holder(), 1u);
    try {
        enqueue_text(*f.queue, "x");
        CHECK(false);
    } catch (const lsm::Error& e) {
        CHECK(e.code() == ErrorCode::timeout);
        CHECK(std::string(e.what()).find("queue producer lock") != std::string::npos);
        CHECK(std::string(e.what()).find("unknown identity") != std::string::npos);
    }
    CHECK_EQ(f.queue->force_unlock_producers(), 1u);
    CHECK_EQ(f.queue->producer_lock_holder(), 0u);
    CHECK(f.consistent());
    CHECK(enqueue_text(*f.queue, "x"));
    CHECK_EQ(joined(drain(*f.queue)), std::string("m0,m1,x"));
    CHECK_EQ(f.queue->force_unlock_consumers(), 0u);  // free: nothing to do
}

LSM_TEST("dead_holders_posix", force_unlock_consumers_repairs_and_waits_for_the_producer_lock) {
    Fixture f(4, 2);
    f.queue->set_lock_timeout(30ms);
    f.half_dequeue();
    put_u32(*f.raw, layout::consumer_lock_offset, 1);
    put_u32(*f.raw, layout::producer_lock_offset, 1);  // both held by upstream: no repair possible yet
    CHECK_THROWS_CODE(ErrorCode::timeout, f.queue->force_unlock_consumers());
    CHECK_EQ(f.queue->consumer_lock_holder(), lsm::abandoned_lock_value);  // stays abandoned
    CHECK_THROWS_CODE(ErrorCode::timeout, f.queue->dequeue());            // cannot repair either
    CHECK_EQ(f.queue->force_unlock_producers(), 1u);                      // now both: repaired
    CHECK_EQ(f.queue->consumer_lock_holder(), 0u);
    CHECK(f.consistent());
    CHECK_EQ(joined(drain(*f.queue)), std::string("m0,m1"));
}

LSM_TEST("dead_holders_posix", stream_writer_dead_mid_write_empties_the_payload) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("sdead"));
    lsm::StreamWriter writer(name, 64, true);
    lsm::StreamReader reader(name, 64, true);
    writer.write(lsm::StreamType::string, "aaaaaaaa", 8);
    reader.mark_as_read();
    Segment raw = Segment::open(name, 64, true);
    // A writer of ours took the lock, marked the write, copied half a payload and died.
    raw.data()[lsm::stream_layout::write_mark_offset] = std::byte{lsm::stream_layout::write_mark};
    std::memcpy(raw.data() + lsm::stream_layout::data_offset, "bbbb", 4);
    put_u32(raw, lsm::stream_layout::lock_offset, dead_token());
    CHECK(!reader.has_new_data());
    CHECK_EQ(reader.read_string(), std::string(""));  // not "bbbbaaaa"
    CHECK(!reader.has_new_data());                      // revision unchanged
    CHECK_EQ(u32_at(raw, lsm::stream_layout::lock_offset), 0u);
    CHECK_EQ(static_cast<int>(raw.data()[lsm::stream_layout::write_mark_offset]), 0);
    writer.write(lsm::StreamType::string, "cc", 2);
    CHECK(reader.has_new_data());
    CHECK_EQ(reader.read_string(), std::string("cc"));
}

LSM_TEST("dead_holders_posix", stream_writer_dead_after_the_copy_keeps_the_payload) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("sdead"));
    lsm::StreamWriter writer(name, 64, true);
    lsm::StreamReader reader(name, 64, true);
    writer.write(lsm::StreamType::string, "aaaa", 4);
    reader.mark_as_read();
    Segment raw = Segment::open(name, 64, true);
    // Died after clearing the mark, before revision + 1: a whole payload, no new revision.
    std::memcpy(raw.data() + lsm::stream_layout::data_offset, "dddd", 4);
    put_u32(raw, lsm::stream_layout::lock_offset, dead_token());
    CHECK_EQ(reader.read_string(), std::string("dddd"));
    CHECK(!reader.has_new_data());
    // A write after a dead writer: recovered by the writer itself.
    raw.data()[lsm::stream_layout::write_mark_offset] = std::byte{lsm::stream_layout::write_mark};
    put_u32(raw, lsm::stream_layout::lock_offset, dead_token());
    writer.write(lsm::StreamType::string, "ee", 2);
    CHECK_EQ(reader.read_string(), std::string("ee"));
}

LSM_TEST("dead_holders_posix", stream_force_unlock_of_upstream_holder) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("sdead"));
    lsm::StreamWriter writer(name, 64, true);
    writer.set_lock_timeout(20ms);
    Segment raw = Segment::open(name, 64, true);
    put_u32(raw, lsm::stream_layout::lock_offset, 1);
    CHECK_EQ(writer.lock_holder(), 1u);
    CHECK_THROWS_CODE(ErrorCode::timeout, writer.write(lsm::StreamType::string, "x", 1));
    CHECK_EQ(writer.force_unlock(), 1u);
    CHECK_EQ(writer.lock_holder(), 0u);  // taken over and released at once: upstream peers go on
    writer.write(lsm::StreamType::string, "x", 1);
    CHECK_EQ(writer.lock_holder(), 0u);
    CHECK_EQ(writer.force_unlock(), 0u);  // free stays free
    CHECK_EQ(writer.lock_holder(), 0u);
}

#endif  // !_WIN32
