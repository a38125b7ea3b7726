// lsm::Queue: WIRE.md §3 byte for byte, FIFO semantics, and every corrupt-header case.
#include <cstring>
#include <string>
#include <thread>
#include <vector>

#include "check.hpp"
#include "lsm/queue.hpp"
#include "lsm/queue_layout.hpp"

using lsm::ErrorCode;
using lsm::Queue;
using lsm::Received;
using lsm::Segment;
using lsm::test::NameCleanup;
using lsm::test::unique_name;
namespace layout = lsm::queue_layout;

namespace {

std::uint32_t u32_at(const Segment& s, std::size_t offset) {
    std::uint32_t v;
    std::memcpy(&v, s.data() + offset, 4);
    return v;
}

void put_u32(Segment& s, std::size_t offset, std::uint32_t v) { std::memcpy(s.data() + offset, &v, 4); }

std::string label(int i) { return std::string("m") + std::to_string(i); }

bool enqueue_text(Queue& q, const std::string& text) { return q.enqueue(text.data(), text.size()); }

std::string text_of(const std::optional<std::vector<std::byte>>& bytes) {
    if (!bytes) return "<empty>";
    return std::string(reinterpret_cast<const char*>(bytes->data()), bytes->size());
}

}  // namespace

LSM_TEST("queue", size_formula_and_overflow) {
    CHECK(layout::segment_size(10, 256) == std::optional<std::size_t>(28u + 10u * 260u));
    CHECK(layout::segment_size(1, 1) == std::optional<std::size_t>(33u));
    CHECK(!layout::segment_size(0xFFFFFFFFu, 0xFFFFFFFFu).has_value());
    CHECK_EQ(layout::slot_offset(3, 5), 28u + 3u * 9u);
}

LSM_TEST("queue", header_bytes_follow_wire_md) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("qhdr"));
    Queue writer = Queue::create(name, 3, 8, true);
    Segment raw = Segment::open(name, 28 + 3 * 12, true);
    CHECK_EQ(u32_at(raw, 0), 0u);
    CHECK_EQ(u32_at(raw, 4), 0u);
    CHECK_EQ(u32_at(raw, 8), 3u);
    CHECK_EQ(u32_at(raw, 12), 0u);
    CHECK_EQ(u32_at(raw, 16), 8u);
    CHECK_EQ(u32_at(raw, 20), 0u);
    CHECK_EQ(u32_at(raw, 24), 0u);
    CHECK(enqueue_text(writer, "abc"));
    CHECK_EQ(u32_at(raw, 0), 1u);   // writeIndex
    CHECK_EQ(u32_at(raw, 12), 1u);  // count
    CHECK_EQ(u32_at(raw, 28), 3u);  // slot 0 length
    CHECK(std::memcmp(raw.data() + 32, "abc", 3) == 0);
    CHECK(enqueue_text(writer, "12345678"));
    CHECK_EQ(u32_at(raw, 28 + 12), 8u);  // slot 1 length
    CHECK(std::memcmp(raw.data() + 28 + 12 + 4, "12345678", 8) == 0);
    CHECK_EQ(u32_at(raw, 20), 0u);  // producer lock released
    CHECK_EQ(text_of(writer.peek()), "abc");
    CHECK_EQ(u32_at(raw, 4), 0u);  // peek leaves readIndex
    CHECK_EQ(text_of(writer.dequeue()), "abc");
    CHECK_EQ(u32_at(raw, 4), 1u);
    CHECK_EQ(u32_at(raw, 12), 1u);
    CHECK_EQ(u32_at(raw, 24), 0u);  // consumer lock released
}

LSM_TEST("queue", fifo_full_empty_and_wrap_around) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("qfifo"));
    Queue q = Queue::create(name, 4, 16, true);
    CHECK(!q.dequeue().has_value());
    CHECK(!q.peek().has_value());
    for (int cycle = 0; cycle < 1000; ++cycle) {
        for (int i = 0; i < 3; ++i) CHECK(enqueue_text(q, std::to_string(cycle * 3 + i)));
        for (int i = 0; i < 3; ++i) CHECK_EQ(text_of(q.dequeue()), std::to_string(cycle * 3 + i));
    }
    for (int i = 0; i < 4; ++i) CHECK(enqueue_text(q, label(i)));
    CHECK(!enqueue_text(q, "overflow"));
    CHECK_EQ(q.size(), 4u);
    for (int i = 0; i < 4; ++i) CHECK_EQ(text_of(q.dequeue()), label(i));
    CHECK_EQ(q.size(), 0u);
}

LSM_TEST("queue", capacity_one_and_exact_max_size) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("qone"));
    Queue q = Queue::create(name, 1, 5, true);
    CHECK(enqueue_text(q, "12345"));
    CHECK(!enqueue_text(q, "x"));
    CHECK_THROWS_CODE(ErrorCode::too_large, enqueue_text(q, "123456"));
    CHECK_EQ(text_of(q.dequeue()), "12345");
    CHECK(enqueue_text(q, ""));  // an empty message is a message
    CHECK_EQ(q.size(), 1u);
    CHECK_EQ(text_of(q.dequeue()), "");
}

LSM_TEST("queue", receive_into_small_buffer_leaves_queue) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("qsmall"));
    Queue q = Queue::create(name, 2, 16, true);
    CHECK(enqueue_text(q, "hello"));
    std::byte small[3];
    auto result = q.receive(true, std::span<std::byte>(small));
    CHECK(result.status == Received::declined);
    CHECK_EQ(result.length, 5u);
    CHECK_EQ(q.size(), 1u);
    std::byte room[5];
    CHECK(q.receive(true, std::span<std::byte>(room)).status == Received::taken);
    CHECK_EQ(q.size(), 0u);
}

LSM_TEST("queue", open_checks_geometry) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("qopen"));
    Queue writer = Queue::create(name, 5, 32, true);
    Queue same = Queue::open(name, 5, 32, true);
    CHECK(enqueue_text(same, "from the second handle"));
    Queue found = Queue::open_existing(name, true);
    CHECK_EQ(found.capacity(), 5u);
    CHECK_EQ(found.max_message_size(), 32u);
    CHECK_EQ(text_of(found.dequeue()), "from the second handle");
    CHECK_THROWS_CODE(ErrorCode::invalid_argument, Queue::open(name, 4, 32, true));
#if defined(_WIN32)
    // WIRE.md §1: opening a persistent (file-backed) segment grows the file; the header then differs.
    CHECK_THROWS_CODE(ErrorCode::invalid_argument, Queue::open(name, 50, 32, true));
#else
    CHECK_THROWS_CODE(ErrorCode::invalid_size, Queue::open(name, 50, 32, true));  // larger than the object
#endif
    CHECK_THROWS_CODE(ErrorCode::not_found, Queue::open_existing(cleanup.add(unique_name("qnone")), true));
}

LSM_TEST("queue", invalid_geometries) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("qgeo"));
    CHECK_THROWS_CODE(ErrorCode::invalid_size, Queue::create(name, 0, 8, true));
    CHECK_THROWS_CODE(ErrorCode::invalid_size, Queue::create(name, 8, 0, true));
    CHECK_THROWS_CODE(ErrorCode::invalid_size, Queue::create(name, 0xFFFFFFFFu, 0xFFFFFFFFu, true));
    CHECK_THROWS_CODE(ErrorCode::invalid_name, Queue::create("", 8, 8, true));
}

LSM_TEST("queue", corrupt_header_fields_are_refused) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("qbad"));
    enum Op { op_size, op_enqueue, op_dequeue, op_peek };
    struct Case {
        std::size_t offset;
        std::uint32_t value;
        Op op;
    };
    const Case cases[] = {{8, 1000, op_size},       {8, 0, op_enqueue},       {16, 0xFFFFFFF0u, op_dequeue},
                          {16, 9, op_peek},         {12, 5, op_size},         {12, 0xFFFFFFFFu, op_enqueue},
                          {0, 4, op_enqueue},       {4, 0xFFFFFFFFu, op_peek}, {4, 4, op_dequeue},
                          {28, 9, op_dequeue},      {28, 0xFFFFFFFFu, op_peek},
                          // the geometry as the receive path sees it (checked under its lock)
                          {8, 3, op_dequeue},       {12, 7, op_peek}};
    for (const auto& c : cases) {
        Queue q = Queue::create(name, 4, 8, true);
        Segment raw = Segment::open(name, 28 + 4 * 12, true);
        CHECK(enqueue_text(q, "ok"));
        put_u32(raw, c.offset, c.value);
        switch (c.op) {
            case op_size: CHECK_THROWS_CODE(ErrorCode::corrupt, q.size()); break;
            case op_enqueue: CHECK_THROWS_CODE(ErrorCode::corrupt, enqueue_text(q, "x")); break;
            case op_dequeue: CHECK_THROWS_CODE(ErrorCode::corrupt, q.dequeue()); break;
            case op_peek: CHECK_THROWS_CODE(ErrorCode::corrupt, q.peek()); break;
        }
        CHECK_EQ(u32_at(raw, 20), 0u);  // locks released after the error
        CHECK_EQ(u32_at(raw, 24), 0u);
    }
    Queue q = Queue::create(name, 4, 8, true);
    Segment raw = Segment::open(name, 28 + 4 * 12, true);
    // open_existing: a geometry that does not fit the real segment (76-byte ring + 64-byte wake block).
    put_u32(raw, 8, 10);
    CHECK_THROWS_CODE(ErrorCode::corrupt, Queue::open_existing(name, true));
    put_u32(raw, 8, 4);
    put_u32(raw, 16, 0);
    CHECK_THROWS_CODE(ErrorCode::corrupt, Queue::open_existing(name, true));
    put_u32(raw, 8, 0xFFFFFFFFu);
    put_u32(raw, 16, 0xFFFFFFFFu);
    CHECK_THROWS_CODE(ErrorCode::corrupt, Queue::open_existing(name, true));
    const auto tiny = cleanup.add(unique_name("qtiny"));
    { Segment small = Segment::create(tiny, 16, true); }
    CHECK_THROWS_CODE(ErrorCode::corrupt, Queue::open_existing(tiny, true));
}

LSM_TEST("queue", held_lock_times_out) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("qlock"));
    Queue q = Queue::create(name, 2, 8, true);
    Segment raw = Segment::open(name, 28 + 2 * 12, true);
    q.set_lock_timeout(std::chrono::milliseconds(20));
    put_u32(raw, 20, 1);  // an upstream producer holds it
    CHECK_THROWS_CODE(ErrorCode::timeout, enqueue_text(q, "x"));
    put_u32(raw, 20, 0);
    put_u32(raw, 24, 1);
    CHECK(!q.dequeue().has_value());  // empty: answered from count, without the lock
    CHECK(enqueue_text(q, "x"));
    CHECK_THROWS_CODE(ErrorCode::timeout, q.dequeue());
    put_u32(raw, 24, 0);
    CHECK(enqueue_text(q, "y"));
    put_u32(raw, 20, 1);
    CHECK(!enqueue_text(q, "z"));  // full: answered without the lock
    put_u32(raw, 20, 0);
    CHECK(q.dequeue().has_value());
}

LSM_TEST("queue", threads_produce_and_consume) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("qthr"));
    Queue creator = Queue::create(name, 8, 8, true);
    constexpr int producers = 2, per_producer = 20000;
    std::vector<std::thread> threads;
    for (int p = 0; p < producers; ++p)
        threads.emplace_back([&, p] {
            Queue q = Queue::open_existing(name, true);
            for (std::uint32_t seq = 0; seq < per_producer;) {
                std::uint32_t message[2] = {static_cast<std::uint32_t>(p), seq};
                if (q.enqueue(message, sizeof message)) ++seq; else std::this_thread::yield();
            }
        });
    std::vector<std::uint32_t> next(producers, 0);
    bool ordered = true;
    for (int received = 0; received < producers * per_producer;) {
        std::uint32_t message[2];
        auto r = creator.receive(true, std::span<std::byte>(reinterpret_cast<std::byte*>(message), sizeof message));
        if (r.status != Received::taken) { std::this_thread::yield(); continue; }
        ordered = ordered && r.length == 8 && message[0] < producers && message[1] == next[message[0]];
        if (message[0] < producers) ++next[message[0]];
        ++received;
    }
    for (auto& t : threads) t.join();
    CHECK(ordered);
    CHECK_EQ(creator.size(), 0u);
}
