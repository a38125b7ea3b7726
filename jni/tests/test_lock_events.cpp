// lsm/lock_events.hpp: the take-over log and each thread's last lock timeout, as SpinLock fills them.
#include <chrono>
#include <cstdint>
#include <string>

#include "check.hpp"
#include "lsm/lock_events.hpp"
#include "lsm/spin_lock.hpp"

using namespace std::chrono_literals;

namespace {
const std::string segment_name = "events-segment";
}

LSM_TEST("lock_events", a_take_over_is_logged_once_with_its_holder_and_time) {
    lsm::drain_take_overs();  // whatever earlier tests left
    std::uint32_t word = lsm::abandoned_lock_value;  // unlocked by force: the next lock takes it over
    lsm::SpinLock lock(&word, "queue consumer lock", &segment_name);
    const auto before = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch()).count();
    lock.lock(1s);
    lock.unlock();
    const auto drained = lsm::drain_take_overs();
    CHECK_EQ(drained.size(), std::size_t{1});
    CHECK_EQ(drained[0].segment, segment_name);
    CHECK_EQ(drained[0].lock, std::string("queue consumer lock"));
    CHECK_EQ(drained[0].holder, lsm::abandoned_lock_value);
    CHECK(drained[0].epoch_millis >= before);
    CHECK(lsm::drain_take_overs().empty());
}

LSM_TEST("lock_events", the_uncontended_lock_logs_nothing) {
    lsm::drain_take_overs();
    std::uint32_t word = 0;
    lsm::SpinLock lock(&word, "stream lock", &segment_name);
    lock.lock(1s);
    lock.unlock();
    CHECK(lsm::drain_take_overs().empty());
}

LSM_TEST("lock_events", the_log_keeps_the_most_recent_take_overs) {
    lsm::drain_take_overs();
    for (std::size_t i = 0; i < lsm::take_over_log_capacity + 5; ++i)
        lsm::note_take_over(std::string("s").append(std::to_string(i)), "stream lock", lsm::lock_token_bit | 7u);
    const auto drained = lsm::drain_take_overs();
    CHECK_EQ(drained.size(), lsm::take_over_log_capacity);
    CHECK_EQ(drained.front().segment, std::string("s5"));
    // append, not "s" + string: GCC 12 warns (-Wrestrict) on that form, wrongly
    std::string newest = "s";
    newest.append(std::to_string(lsm::take_over_log_capacity + 4));
    CHECK_EQ(drained.back().segment, newest);
}

LSM_TEST("lock_events", a_timeout_leaves_its_parts_for_the_matching_message) {
    std::uint32_t word = 1;  // a C++ libsharedmemory holder: never taken over
    lsm::SpinLock lock(&word, "queue producer lock", &segment_name);
    try {
        lock.lock(5ms);
        CHECK(false);
    } catch (const lsm::Error& e) {
        const lsm::LockTimeoutDetail* detail = lsm::lock_timeout_detail(e.what());
        CHECK(detail != nullptr);
        if (detail != nullptr) {
            CHECK_EQ(detail->segment, segment_name);
            CHECK_EQ(detail->lock, std::string("queue producer lock"));
            CHECK_EQ(detail->holder, 1u);
            CHECK(detail->waited_nanos >= std::chrono::nanoseconds(5ms).count());
        }
        CHECK(lsm::lock_timeout_detail("another message") == nullptr);
    }
}
