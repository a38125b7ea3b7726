// lsm::CallGuard and the C ABI's close: close waits for calls inside, refuses calls after it,
// and threads calling while another closes never touch an unmapped segment (run under ASan
// and TSan by scripts/native-sanitizers.sh).
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <thread>
#include <vector>

#include "check.hpp"
#include "lsm/call_guard.hpp"
#include "lsm/spin_lock.hpp"
#include "lsm_c.h"

using namespace std::chrono_literals;
using lsm::CallGuard;
using lsm::test::NameCleanup;
using lsm::test::unique_name;

LSM_TEST("call_guard", enter_exit_then_close_refuses_new_calls) {
    CallGuard guard;
    const CallGuard::Ticket ticket = guard.enter();
    REQUIRE(ticket != nullptr);
    guard.exit(ticket);
    CHECK(guard.close());
    CHECK(guard.is_closed());
    CHECK(guard.enter() == nullptr);
    CHECK(!guard.close());  // only the first close reports true
}

LSM_TEST("call_guard", close_waits_for_the_call_inside) {
    CallGuard guard;
    std::atomic<bool> inside{false};
    std::atomic<bool> left{false};
    std::thread caller([&] {
        const CallGuard::Ticket ticket = guard.enter();
        REQUIRE(ticket != nullptr);
        inside = true;
        std::this_thread::sleep_for(50ms);
        left = true;
        guard.exit(ticket);
    });
    while (!inside) std::this_thread::yield();
    CHECK(guard.close());
    CHECK(left.load());  // close returned only after the call left
    caller.join();
}

LSM_TEST("call_guard", threads_enter_through_slots_on_cache_lines_of_their_own) {
    // Every call stores into its thread's slot: two threads of one queue (a producer and a
    // consumer) whose slots shared a cache line would move that line between cores on every call.
    CallGuard guard;
    std::vector<std::uintptr_t> slots(4);
    std::atomic<std::size_t> inside{0};
    std::vector<std::thread> callers;
    for (std::size_t i = 0; i < slots.size(); ++i)
        callers.emplace_back([&, i] {
            const CallGuard::Ticket ticket = guard.enter();
            REQUIRE(ticket != nullptr);
            slots[i] = reinterpret_cast<std::uintptr_t>(ticket);
            ++inside;
            while (inside < slots.size()) std::this_thread::yield();  // all inside at once: 4 slots
            guard.exit(ticket);
        });
    for (std::thread& caller : callers) caller.join();
    for (std::size_t i = 0; i < slots.size(); ++i) {
        CHECK_EQ(slots[i] % 128, std::uintptr_t{0});
        for (std::size_t j = 0; j < i; ++j)
            CHECK(slots[i] / 128 != slots[j] / 128);
    }
}

LSM_TEST("call_guard", nested_calls_on_one_thread_are_counted) {
    CallGuard outer;
    CallGuard inner;
    const CallGuard::Ticket first = outer.enter();
    const CallGuard::Ticket nested = inner.enter();  // this thread's slot holds `outer`: counted path
    const CallGuard::Ticket again = outer.enter();   // the same guard again
    REQUIRE(first != nullptr && nested != nullptr && again != nullptr);
    std::atomic<bool> closed{false};
    std::thread closer([&] {
        inner.close();
        closed = true;
    });
    std::this_thread::sleep_for(20ms);
    CHECK(!closed.load());
    inner.exit(nested);
    closer.join();
    CHECK(closed.load());
    outer.exit(again);
    outer.exit(first);
    CHECK(outer.close());
}

LSM_TEST("call_guard", reports_whether_entering_is_fence_free) {
    // Informational: Linux with membarrier and Windows enter without a fence.
    std::printf("    asymmetric barrier: %s\n", CallGuard::asymmetric() ? "yes" : "no");
    CHECK(true);
}

LSM_TEST("call_guard", threads_writing_while_another_closes_never_fault) {
    for (int round = 0; round < 20; ++round) {
        NameCleanup cleanup;
        const auto name = cleanup.add(unique_name("cg"));
        lsm_stream_writer* writer = lsm_stream_writer_create(name.c_str(), 4096, 0);
        REQUIRE(writer != nullptr);
        std::atomic<int> written{0};
        std::atomic<int> refused{0};
        std::vector<std::thread> threads;
        for (int t = 0; t < 3; ++t)
            threads.emplace_back([&] {
                char payload[1024];
                std::memset(payload, 'x', sizeof payload);
                for (;;) {
                    if (lsm_stream_writer_write(writer, LSM_STREAM_STRING, payload, sizeof payload) == 0) {
                        ++written;
                        continue;
                    }
                    if (lsm_last_error() == LSM_ERR_CLOSED) {
                        ++refused;
                        return;
                    }
                }
            });
        while (written < 50) std::this_thread::yield();
        lsm_stream_writer_close(writer);
        for (auto& thread : threads) thread.join();
        CHECK_EQ(refused.load(), 3);
        CHECK_EQ(lsm_stream_writer_write(writer, LSM_STREAM_STRING, "x", 1), -1);
        CHECK_EQ(lsm_last_error(), static_cast<int>(LSM_ERR_CLOSED));
        CHECK(std::strstr(lsm_last_error_message(), "is closed") != nullptr);
        lsm_stream_writer_free(writer);
    }
}

LSM_TEST("call_guard", try_calls_give_up_on_a_held_lock_quickly) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("cg"));
    // Persistent, as the raw handle below: on Windows the flag picks the kind of object.
    lsm_queue* queue = lsm_queue_create(name.c_str(), 4, 16, 1);
    REQUIRE(queue != nullptr);
    CHECK_EQ(lsm_queue_try_enqueue(queue, "abc", 3), 1);
    char out[16];
    CHECK_EQ(lsm_queue_try_take(queue, 0, out, sizeof out), 3);  // peek
    CHECK_EQ(lsm_queue_try_take(queue, 1, out, 2), LSM_TOO_SMALL(3));  // does not fit: its length, unchanged
    CHECK_EQ(lsm_last_error(), static_cast<int>(LSM_OK));         // an answer, not an error
    CHECK_EQ(lsm_queue_try_take(queue, 1, out, sizeof out), 3);
    CHECK_EQ(lsm_queue_try_take(queue, 1, out, sizeof out), LSM_RESULT_EMPTY);

    lsm_queue_set_lock_timeout_ms(queue, 10000);
    lsm_memory* raw = lsm_open(name.c_str(), 1, 1);
    REQUIRE(raw != nullptr);
    // WIRE.md §3: the producer lock word at offset 20. Held with upstream's anonymous value 1,
    // whose holder can never be found dead, so only a timeout ends the wait.
    std::uint32_t* producer_lock = static_cast<std::uint32_t*>(lsm_data(raw)) + 5;
    *producer_lock = 1;
    REQUIRE(lsm_queue_lock_holder(queue, LSM_QUEUE_PRODUCER_LOCK) == 1);
    const auto start = std::chrono::steady_clock::now();
    CHECK_EQ(lsm_queue_try_enqueue(queue, "abc", 3), -1);  // not the 10 s lock timeout
    CHECK_EQ(lsm_last_error(), static_cast<int>(LSM_ERR_TIMEOUT));
    CHECK(std::chrono::steady_clock::now() - start < 5s);  // a bound, not a timing goal: 10 s would hang the test
    *producer_lock = 0;
    CHECK_EQ(lsm_queue_try_enqueue(queue, "abc", 3), 1);
    lsm_close(raw);
    lsm_free(raw);
    lsm_queue_close(queue);
    CHECK_EQ(lsm_queue_size(queue), -1);
    CHECK_EQ(lsm_last_error(), static_cast<int>(LSM_ERR_CLOSED));
    lsm_queue_free(queue);
}
