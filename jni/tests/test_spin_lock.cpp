// lsm::SpinLock: the lock words of WIRE.md, holder tokens, timeouts and dead-holder recovery.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "check.hpp"
#include "lsm/spin_lock.hpp"

#if !defined(_WIN32)
#include <sys/wait.h>
#include <unistd.h>
#endif

using namespace std::chrono_literals;
using lsm::ErrorCode;
using lsm::SpinLock;

namespace {
const std::string segment_name = "test-segment";
}

LSM_TEST("spin_lock", takes_free_word_with_own_token_and_releases_to_zero) {
    std::uint32_t word = 0;
    SpinLock lock(&word, "stream lock", &segment_name);
    lock.lock(1s);
    CHECK_EQ(word, lsm::own_lock_token());
    CHECK((word & lsm::lock_token_bit) != 0);
    CHECK(!lock.recovered());
    CHECK(!lock.try_lock());
    lock.unlock();
    CHECK_EQ(word, 0u);
}

LSM_TEST("spin_lock", upstream_holder_times_out_with_a_clear_message) {
    std::uint32_t word = 1;  // what a C++ libsharedmemory process stores
    SpinLock lock(&word, "queue producer lock", &segment_name);
    try {
        lock.lock(30ms);
        CHECK(false);
    } catch (const lsm::Error& e) {
        CHECK(e.code() == ErrorCode::timeout);
        const std::string message = e.what();
        CHECK(message.find("queue producer lock") != std::string::npos);
        CHECK(message.find("test-segment") != std::string::npos);
        CHECK(message.find("unknown identity") != std::string::npos);
    }
    CHECK_EQ(word, 1u);
    CHECK_EQ(lock.force_unlock(), 1u);
    CHECK_EQ(word, lsm::abandoned_lock_value);  // abandoned: the next lock() takes it over
    lock.lock(1s);
    CHECK(lock.recovered());
    CHECK_EQ(lock.recovered_from(), lsm::abandoned_lock_value);
    lock.unlock();
    CHECK_EQ(word, 0u);
    CHECK_EQ(lock.force_unlock(), 0u);  // free stays free
    CHECK_EQ(word, 0u);
}

LSM_TEST("spin_lock", live_holder_is_not_taken_over) {
    std::uint32_t word = lsm::own_lock_token();  // held by this (live) process
    SpinLock lock(&word, "stream lock", &segment_name);
    CHECK_THROWS_CODE(ErrorCode::timeout, lock.lock(30ms));
    CHECK_EQ(word, lsm::own_lock_token());
}

#if !defined(_WIN32)
LSM_TEST("spin_lock", dead_holder_is_recovered) {
    // A child process records its own token in the word and exits without releasing.
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    std::uint32_t word = lsm::lock_token_bit | static_cast<std::uint32_t>(child);
    CHECK(lsm::lock_holder_is_dead(word));
    SpinLock lock(&word, "stream lock", &segment_name);
    lock.lock(5s);
    CHECK(lock.recovered());
    CHECK_EQ(word, lsm::own_lock_token());
    lock.unlock();
}
#endif

LSM_TEST("spin_lock", excludes_threads) {
    std::uint32_t word = 0;
    std::uint64_t counter = 0;  // protected by the lock only
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&] {
            SpinLock lock(&word, "stream lock", &segment_name);
            for (int i = 0; i < 20000; ++i) {
                lsm::LockGuard guard(lock, 10s);
                counter = counter + 1;
            }
        });
    }
    for (auto& thread : threads) thread.join();
    CHECK_EQ(counter, 80000u);
    CHECK_EQ(word, 0u);
}

LSM_TEST("spin_lock", describes_holders) {
    CHECK_EQ(lsm::describe_lock_holder(0), std::string("free"));
    CHECK_EQ(lsm::describe_lock_holder(lsm::lock_token_bit | 42), std::string("process 42"));
    CHECK(lsm::describe_lock_holder(1).find("unknown") != std::string::npos);
    CHECK(!lsm::lock_holder_is_dead(1));
    CHECK(!lsm::lock_holder_is_dead(0));
}

namespace {
// What a binding's interrupt test sees: set by the test, counted when asked.
std::atomic<bool> thread_interrupted{false};
std::atomic<int> interrupt_questions{0};
bool interrupted_for_test() {
    interrupt_questions.fetch_add(1);
    return thread_interrupted.load();
}

// The code a wait on an upstream-held word ends with, given `abort` (timeout after 10 minutes).
ErrorCode wait_ends_with(const lsm::LockWaitAbort& abort, std::chrono::nanoseconds timeout = 10min) {
    std::uint32_t word = 1;
    SpinLock lock(&word, "stream lock", &segment_name, &abort);
    try {
        lock.lock(timeout);
    } catch (const lsm::Error& e) {
        return e.code();
    }
    return ErrorCode::ok;
}
}  // namespace

LSM_TEST("spin_lock", closing_flag_ends_a_wait) {
    std::atomic<bool> closing{false};
    lsm::LockWaitAbort abort;
    abort.closing = &closing;
    std::thread closer([&] {
        std::this_thread::sleep_for(50ms);
        closing.store(true);
    });
    CHECK(wait_ends_with(abort) == ErrorCode::closed);
    closer.join();
}

LSM_TEST("spin_lock", interrupt_test_ends_a_wait_and_is_never_asked_by_a_capped_one) {
    lsm::LockWaitAbort abort;
    abort.interrupted = &interrupted_for_test;
    thread_interrupted.store(true);
    interrupt_questions.store(0);
    {
        const lsm::LockWaitCap cap(50us);  // as the try calls: a JDK critical downcall must not call back
        CHECK(wait_ends_with(abort) == ErrorCode::timeout);
    }
    CHECK_EQ(interrupt_questions.load(), 0);
    CHECK(wait_ends_with(abort) == ErrorCode::interrupted);
    CHECK(interrupt_questions.load() > 0);
    thread_interrupted.store(false);
    CHECK(wait_ends_with(abort, 20ms) == ErrorCode::timeout);
}
