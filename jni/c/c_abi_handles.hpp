// The handles of lsm_c.h. JNI hands the same structs to Java, so Java's foreign-function
// downcalls (JDK 22+) and its JNI calls work on one handle.
#pragma once

#include "lsm/guarded_handle.hpp"
#include "lsm/queue.hpp"
#include "lsm/stream.hpp"

struct lsm_stream_writer : lsm::GuardedHandle<lsm::StreamWriter> {
    using GuardedHandle::GuardedHandle;
};

struct lsm_stream_reader : lsm::GuardedHandle<lsm::StreamReader> {
    using GuardedHandle::GuardedHandle;
};

struct lsm_queue : lsm::GuardedHandle<lsm::Queue> {
    using GuardedHandle::GuardedHandle;
};
