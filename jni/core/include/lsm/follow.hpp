// Following a re-created segment (a restarted writer re-creates its stream or queue under the
// same name, WIRE.md §1): maps the object the name leads to now in place of the handle's own,
// through GuardedHandle::replace, so that other threads' calls carry on on the new object.
// Each call asks the OS about the name (shm_open + fstat): callers rate-limit it.
#pragma once

#include "lsm/guarded_handle.hpp"
#include "lsm/queue.hpp"
#include "lsm/stream.hpp"

namespace lsm {

// Values cross JNI (Follower.java): never renumber.
enum class FollowResult : int {
    current = 0,   // the name still leads to the handle's object
    pending = 1,   // it leads elsewhere (or nowhere), but there is nothing to map yet: the name is
               // gone, the new object is not sized or its header not written, (queue) the old
               // one still holds messages, or a call stayed inside the handle (a lock wait).
               // The handle keeps its object; ask again later.
    followed = 2,  // the handle now maps the new object
};

// The new stream is mapped whole (its size may differ) and every write to it counts as new.
FollowResult follow_recreated(GuardedHandle<StreamReader>& handle);

// The new queue's geometry comes from its header. Follows only once the old queue is empty, so
// that its messages are consumed first.
FollowResult follow_recreated(GuardedHandle<Queue>& handle);

}  // namespace lsm
