#include "lsm/follow.hpp"

#include <chrono>
#include <optional>
#include <string>

namespace lsm {
namespace {

// What follow needs of the handle's object, taken inside one call.
struct Current {
    bool stale = false;
    bool empty = true;
    std::string name;
    bool persistent = true;
    std::chrono::nanoseconds lock_timeout{};
};

// How long a switch waits for the calls inside before it gives up for now (a call waiting for
// a lock on the old object, a large copy): other calls on the handle wait for the switch, and
// a JVM critical downcall among them must not wait long.
constexpr std::chrono::milliseconds switch_patience{1};

// Errors that mean "the new object is not there or not ready yet": try again later.
bool not_ready(const Error& e) noexcept {
    return e.code() == ErrorCode::not_found || e.code() == ErrorCode::invalid_size || e.code() == ErrorCode::corrupt;
}

template <typename Object, typename Open, typename Ready>
FollowResult follow(GuardedHandle<Object>& handle, Open&& open, Ready&& ready) {
    // Two threads that both saw the old object stale would both map the new one, one after the other.
    const auto one_at_a_time = handle.try_lock_follow();
    if (!one_at_a_time.owns_lock()) return FollowResult::current;
    const Current current = handle.call([&](Object& object) {
        Current c;
        c.stale = object.is_stale();
        if (c.stale) {
            c.empty = ready(object);
            c.name = object.name();
            c.persistent = object.segment().persistent();
            c.lock_timeout = object.lock_timeout();
        }
        return c;
    });
    if (!current.stale) return FollowResult::current;
    if (!current.empty) return FollowResult::pending;
    std::optional<Object> next;
    try {
        next.emplace(open(current.name, current.persistent));
    } catch (const Error& e) {
        if (not_ready(e)) return FollowResult::pending;
        throw;
    }
    next->set_lock_timeout(current.lock_timeout);
    return handle.replace(std::move(*next), ready, switch_patience) ? FollowResult::followed : FollowResult::pending;
}

bool always(const StreamReader&) noexcept { return true; }

// A queue is left once its messages are consumed; one whose count is corrupt has none to lose.
bool drained(const Queue& queue) noexcept {
    try {
        return queue.size() == 0;
    } catch (const Error&) {
        return true;
    }
}

}  // namespace

FollowResult follow_recreated(GuardedHandle<StreamReader>& handle) {
    return follow(
        handle,
        [](const std::string& name, bool persistent) {
            StreamReader reader(WholeSegment{}, name, persistent);
            reader.forget_seen();
            return reader;
        },
        always);
}

FollowResult follow_recreated(GuardedHandle<Queue>& handle) {
    return follow(
        handle, [](const std::string& name, bool persistent) { return Queue::open_existing(name, persistent); }, drained);
}

}  // namespace lsm
