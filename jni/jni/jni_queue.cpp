// JNI for dev.libsharedmemory.QueueNative: one function per lsm::Queue operation.
//
// Messages cross as byte[] (one region copy under the lock: never pinned while waiting for it)
// or direct ByteBuffers (address + position/remaining from Java). A received message is never
// turned into a Java array while the queue's cross-process lock is held: it is copied into a
// thread-local native buffer under the lock, and the array is built after unlocking.
#include <algorithm>
#include <cstring>
#include <span>
#include <limits>
#include <vector>

#include "c_abi_handles.hpp"
#include "jni_support.hpp"
#include "lsm_c.h"  // the result codes
#include "lsm/follow.hpp"
#include "lsm/queue.hpp"

using lsm::Error;
using lsm::ErrorCode;
using lsm::Queue;
using lsm::Received;
using lsm::jni::guarded;
using lsm::jni::guarded_call;
using lsm::jni::handle_from;
using lsm::jni::java_handle;
using lsm::jni::name_from;

namespace {

std::uint32_t geometry_from(const std::string& name, jlong value, const char* what) {
    if (value <= 0 || value > static_cast<jlong>(std::numeric_limits<std::uint32_t>::max()))
        throw Error(ErrorCode::invalid_size, "queue '" + name + "': " + what + " must be between 1 and 4294967295, was " +
                                                 std::to_string(value));
    return static_cast<std::uint32_t>(value);
}

// Copies the head message into a thread-local buffer (grown to the largest message seen) if it
// fits `room` bytes.
class ThreadLocalSink final : public lsm::MessageSink {
public:
    explicit ThreadLocalSink(std::size_t room) : room_(room) {}
    bool accept(const std::byte* data, std::uint32_t length) override {
        if (length > room_) return false;
        if (buffer().size() < length) buffer().resize(length);
        if (length > 0) std::memcpy(buffer().data(), data, length);
        return true;
    }
    static std::vector<std::byte>& buffer() {
        thread_local std::vector<std::byte> bytes;
        return bytes;
    }

private:
    std::size_t room_;
};

// The length, LSM_RESULT_EMPTY when empty; a message that does not fit the room leaves the queue unchanged.
jint length_or_throw(const Queue& queue, lsm::ReceiveResult result, jint room) {
    switch (result.status) {
        case Received::empty: return LSM_RESULT_EMPTY;
        case Received::taken: return static_cast<jint>(result.length);
        case Received::declined: break;
    }
    throw Error(ErrorCode::too_large, "queue '" + queue.name() + "': the next message has " +
                                          std::to_string(result.length) + " bytes but the buffer has only " +
                                          std::to_string(room) + " bytes remaining; the queue is unchanged");
}

}  // namespace

extern "C" {

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_QueueNative_create(JNIEnv* env, jclass, jbyteArray name, jlong capacity,
                                                                    jlong max_message_size, jboolean persistent,
                                                                    jint mode) {
    return guarded<jlong>(env, 0, [&] {
        const std::string queue_name = name_from(env, name);
        return java_handle(new lsm_queue("queue", Queue::create(queue_name, geometry_from(queue_name, capacity, "capacity"),
                                                 geometry_from(queue_name, max_message_size, "maxMessageSize"),
                                                 persistent == JNI_TRUE, static_cast<unsigned>(mode))));
    });
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_QueueNative_openOrCreate(JNIEnv* env, jclass, jbyteArray name,
                                                                          jlong capacity, jlong max_message_size,
                                                                          jboolean persistent, jint mode) {
    return guarded<jlong>(env, 0, [&] {
        const std::string queue_name = name_from(env, name);
        return java_handle(new lsm_queue(
            "queue", Queue::open_or_create(queue_name, geometry_from(queue_name, capacity, "capacity"),
                                           geometry_from(queue_name, max_message_size, "maxMessageSize"),
                                           persistent == JNI_TRUE, static_cast<unsigned>(mode))));
    });
}

JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_QueueNative_created(JNIEnv*, jclass, jlong handle) {
    return handle_from<lsm_queue>(handle)->created() ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_QueueNative_open(JNIEnv* env, jclass, jbyteArray name, jlong capacity,
                                                                  jlong max_message_size, jboolean persistent) {
    return guarded<jlong>(env, 0, [&] {
        const std::string queue_name = name_from(env, name);
        return java_handle(new lsm_queue("queue", Queue::open(queue_name, geometry_from(queue_name, capacity, "capacity"),
                                               geometry_from(queue_name, max_message_size, "maxMessageSize"),
                                               persistent == JNI_TRUE)));
    });
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_QueueNative_openExisting(JNIEnv* env, jclass, jbyteArray name,
                                                                          jboolean persistent) {
    return guarded<jlong>(env, 0, [&] {
        return java_handle(new lsm_queue("queue", Queue::open_existing(name_from(env, name), persistent == JNI_TRUE)));
    });
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_QueueNative_capacity(JNIEnv* env, jclass, jlong handle) {
    return guarded_call<lsm_queue>(env, handle, jlong(0), [](Queue& queue) { return jlong(queue.capacity()); });
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_QueueNative_maxMessageSize(JNIEnv* env, jclass, jlong handle) {
    return guarded_call<lsm_queue>(env, handle, jlong(0), [](Queue& queue) { return jlong(queue.max_message_size()); });
}

JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_QueueNative_enqueueArray(JNIEnv* env, jclass, jlong handle,
                                                                             jbyteArray array, jint offset,
                                                                             jint length) {
    return guarded_call<lsm_queue>(env, handle, jboolean(JNI_FALSE), [&](Queue& queue) {
        lsm::jni::array_range(env, array, offset, length, 1);
        // One region copy into the slot, under the lock: the array is never pinned while the
        // call waits for the lock (which would hold off SerialGC's and ParallelGC's collections,
        // and so every allocating thread, for the whole wait).
        const bool enqueued = queue.enqueue_with(static_cast<std::size_t>(length), [&](std::byte* slot) {
            env->GetByteArrayRegion(array, offset, length, reinterpret_cast<jbyte*>(slot));  // in range: cannot fail
        });
        return enqueued ? JNI_TRUE : JNI_FALSE;
    });
}

// Appends [position, position + length) of native memory (a direct buffer's address).
JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_QueueNative_enqueueAddress(JNIEnv* env, jclass, jlong handle,
                                                                               jlong address, jlong capacity,
                                                                               jint position, jint length) {
    return guarded_call<lsm_queue>(env, handle, jboolean(JNI_FALSE), [&](Queue& queue) {
        const std::byte* data = lsm::jni::native_range(address, capacity, position, length, "buffer");
        return queue.enqueue(data, static_cast<std::size_t>(length)) ? JNI_TRUE : JNI_FALSE;
    });
}

// The head message into native memory [position, position + room): its length, LSM_RESULT_EMPTY.
// A message longer than `limit` (the caller's room; negative: none) throws too_large; one within the limit but
// longer than `room` (a staging buffer too small) is left in the queue: returns LSM_TOO_SMALL(length).
JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_QueueNative_takeAddress(JNIEnv* env, jclass, jlong handle,
                                                                         jboolean remove, jlong address,
                                                                         jlong capacity, jint position, jint room,
                                                                         jint limit) {
    return guarded_call<lsm_queue>(env, handle, jlong(LSM_RESULT_ERROR), [&](Queue& queue) -> jlong {
        const lsm::ReceiveResult result = queue.receive(
            remove == JNI_TRUE, std::span<std::byte>(lsm::jni::native_range(address, capacity, position, room, "buffer"),
                                                     static_cast<std::size_t>(room)));
        if (result.status == Received::declined && (limit < 0 || result.length <= static_cast<std::uint32_t>(limit)))
            return LSM_TOO_SMALL(result.length);
        return length_or_throw(queue, result, limit);
    });
}

// Batches: one JNI crossing for many messages, packed in Java's per-thread native buffer as
// lsm_c.h describes; the C ABI's batch functions do the work, their answers go back unchanged.

JNIEXPORT jint JNICALL Java_dev_libsharedmemory_QueueNative_enqueuePacked(JNIEnv* env, jclass, jlong handle,
                                                                          jlong address, jlong capacity, jint used,
                                                                          jint count) {
    return guarded<jint>(env, -1, [&] {
        const std::byte* base = lsm::jni::native_range(address, capacity, 0, used, "batch");
        if (count < 0) throw Error(ErrorCode::invalid_argument, "batch count " + std::to_string(count));
        const std::int64_t enqueued = lsm_queue_enqueue_packed(handle_from<lsm_queue>(handle), base,
                                                               static_cast<std::size_t>(used), static_cast<std::uint32_t>(count));
        if (enqueued < 0) lsm::jni::throw_last_error();
        return static_cast<jint>(enqueued);
    }, lsm::jni::handle_kind<lsm_queue>);
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_QueueNative_takePacked(JNIEnv* env, jclass, jlong handle,
                                                                        jlong address, jlong capacity, jint max) {
    return guarded<jlong>(env, LSM_RESULT_ERROR, [&] {
        std::byte* base = lsm::jni::native_range(address, capacity, 0, capacity, "batch");
        const std::int64_t answer = lsm_queue_take_packed(handle_from<lsm_queue>(handle), base,
                                                          static_cast<std::size_t>(capacity),
                                                          static_cast<std::uint32_t>(std::max<jint>(max, 0)));
        if (answer == LSM_RESULT_ERROR) lsm::jni::throw_last_error();
        return static_cast<jlong>(answer);
    }, lsm::jni::handle_kind<lsm_queue>);
}

// The head message as a new byte[], or null when empty.
JNIEXPORT jbyteArray JNICALL Java_dev_libsharedmemory_QueueNative_take(JNIEnv* env, jclass, jlong handle,
                                                                       jboolean remove) {
    return guarded_call<lsm_queue>(env, handle, jbyteArray(nullptr), [&](Queue& queue) -> jbyteArray {
        ThreadLocalSink sink(std::min<std::size_t>(queue.max_message_size(), std::numeric_limits<jint>::max()));
        const jint length = length_or_throw(queue, queue.receive(remove == JNI_TRUE, sink),
                                            std::numeric_limits<jint>::max());
        if (length < 0) return nullptr;
        // The lock is released: now build the Java array.
        jbyteArray array = env->NewByteArray(length);
        if (array == nullptr) return nullptr;  // OutOfMemoryError pending
        env->SetByteArrayRegion(array, 0, length, reinterpret_cast<const jbyte*>(ThreadLocalSink::buffer().data()));
        return array;
    });
}

// Into a byte[] (a heap ByteBuffer's array) at offset, at most room bytes: the length, or LSM_RESULT_EMPTY.
JNIEXPORT jint JNICALL Java_dev_libsharedmemory_QueueNative_takeArray(JNIEnv* env, jclass, jlong handle,
                                                                      jboolean remove, jbyteArray array, jint offset,
                                                                      jint room) {
    return guarded_call<lsm_queue>(env, handle, jint(-1), [&](Queue& queue) {
        lsm::jni::array_range(env, array, offset, room, 1);  // before a message is taken
        ThreadLocalSink sink(static_cast<std::size_t>(room));
        const jint length = length_or_throw(queue, queue.receive(remove == JNI_TRUE, sink), room);
        if (length > 0)
            env->SetByteArrayRegion(array, offset, length,
                                    reinterpret_cast<const jbyte*>(ThreadLocalSink::buffer().data()));
        return length;
    });
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_QueueNative_size(JNIEnv* env, jclass, jlong handle) {
    return guarded_call<lsm_queue>(env, handle, jlong(0), [&](Queue& queue) { return static_cast<jlong>(queue.size()); });
}

// The sleeping waits: JNI, never a critical downcall (a thread sleeping in one would hold off
// every safepoint). At most `nanos`, in slices of `unwoken_nanos` once a peer that wakes nobody
// has shown itself; Java re-checks interruption in between.
JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_QueueNative_sleepForMessage(JNIEnv* env, jclass, jlong handle,
                                                                            jlong nanos, jlong unwoken_nanos) {
    return guarded_call<lsm_queue>(env, handle, jboolean(JNI_FALSE), [&](Queue& queue) {
        const std::chrono::nanoseconds slice(nanos);
        return queue.wait_not_empty(slice, slice, std::chrono::nanoseconds(unwoken_nanos)) ? JNI_TRUE : JNI_FALSE;
    });
}

JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_QueueNative_sleepForRoom(JNIEnv* env, jclass, jlong handle,
                                                                         jlong nanos, jlong unwoken_nanos) {
    return guarded_call<lsm_queue>(env, handle, jboolean(JNI_FALSE), [&](Queue& queue) {
        const std::chrono::nanoseconds slice(nanos);
        return queue.wait_not_full(slice, slice, std::chrono::nanoseconds(unwoken_nanos)) ? JNI_TRUE : JNI_FALSE;
    });
}

JNIEXPORT void JNICALL Java_dev_libsharedmemory_QueueNative_setLockTimeout(JNIEnv* env, jclass, jlong handle,
                                                                           jlong nanos) {
    guarded_call<lsm_queue>(env, handle, 0, [&](Queue& queue) {
        queue.set_lock_timeout(std::chrono::nanoseconds(nanos));
        return 0;
    });
}

JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_QueueNative_isStale(JNIEnv* env, jclass, jlong handle) {
    return guarded_call<lsm_queue>(env, handle, jboolean(JNI_FALSE),
                                   [](Queue& queue) { return queue.is_stale() ? JNI_TRUE : JNI_FALSE; });
}

// lsm::FollowResult as an int: 0 current, 1 pending, 2 followed.
JNIEXPORT jint JNICALL Java_dev_libsharedmemory_QueueNative_follow(JNIEnv* env, jclass, jlong handle) {
    return guarded<jint>(env, 0, [&] { return static_cast<jint>(lsm::follow_recreated(*handle_from<lsm_queue>(handle))); });
}

JNIEXPORT void JNICALL Java_dev_libsharedmemory_QueueNative_destroy(JNIEnv* env, jclass, jlong handle) {
    guarded_call<lsm_queue>(env, handle, 0, [&](Queue& queue) {
        queue.segment().destroy();
        return 0;
    });
}

// The producer (consumer) lock word's value.
JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_QueueNative_lockHolder(JNIEnv* env, jclass, jlong handle,
                                                                       jboolean producers) {
    return guarded_call<lsm_queue>(env, handle, jlong(-1), [&](Queue& queue) {
        return static_cast<jlong>(producers == JNI_TRUE ? queue.producer_lock_holder() : queue.consumer_lock_holder());
    });
}

// Takes the producer (consumer) lock away from a dead holder and repairs (only from `expected`
// when that is not negative): the value found.
JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_QueueNative_forceUnlock(JNIEnv* env, jclass, jlong handle,
                                                                        jboolean producers, jlong expected) {
    return guarded_call<lsm_queue>(env, handle, jlong(-1), [&](Queue& queue) {
        const auto value = static_cast<std::uint32_t>(expected);
        if (producers == JNI_TRUE)
            return static_cast<jlong>(expected < 0 ? queue.force_unlock_producers() : queue.force_unlock_producers_if(value));
        return static_cast<jlong>(expected < 0 ? queue.force_unlock_consumers() : queue.force_unlock_consumers_if(value));
    });
}

// For tests of the adaptive slices (WaitSlices): whether a change came that woke nobody.
JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_QueueNative_unwokenPeerSeen(JNIEnv* env, jclass, jlong handle) {
    return guarded_call<lsm_queue>(env, handle, jboolean(JNI_FALSE),
                                   [](Queue& queue) { return queue.unwoken_peer_seen() ? JNI_TRUE : JNI_FALSE; });
}

// Thread.interrupt() of a thread asleep on this handle (SleepInterruptor.java): wakes its
// sleepers; nothing once closed. The caller keeps the handle reachable (never a freed one).
JNIEXPORT void JNICALL Java_dev_libsharedmemory_QueueNative_wakeSleepers(JNIEnv*, jclass, jlong handle) {
    handle_from<lsm_queue>(handle)->wake_sleepers();
}

// Waits for calls in flight, unmaps (a non-persistent queue removes its name); the handle stays
// allocated, refusing calls, until release.
JNIEXPORT void JNICALL Java_dev_libsharedmemory_QueueNative_close(JNIEnv*, jclass, jlong handle) {
    handle_from<lsm_queue>(handle)->close();
}

// Closes if still open and frees the handle (the Cleaner, once the Java object is unreachable).
JNIEXPORT void JNICALL Java_dev_libsharedmemory_QueueNative_release(JNIEnv*, jclass, jlong handle) {
    delete handle_from<lsm_queue>(handle);
}

}  // extern "C"
