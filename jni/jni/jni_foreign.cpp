// JNI for dev.libsharedmemory.ForeignNative: the addresses, by name, of the wrappers of the C ABI's try calls (and of
// SharedMemory's copies) that Java binds as foreign-function downcalls on JDK 22+ (ForeignCalls.java). Handing out
// addresses, rather than letting Java look symbols up, finds them whichever class loader loaded this library, and
// binds the wrappers (the safepoint rule below), which are not exported symbols.
#include <jni.h>

#include <cstdint>
#include <cstring>
#include <new>
#include <string>

#include "lsm_c.h"
#include "jni_support.hpp"
#include "segment_copier.hpp"

#include "lsm/fast_tls.hpp"

namespace {
// Every safepoint_interval-th downcall on a thread does nothing and answers "take JNI", which
// each caller in ForeignCalls.java already handles by repeating the operation through JNI.
//
// Why: a critical downcall does not poll for a safepoint when it returns, yet the JIT (C2)
// counts it as a call that does and drops the safepoint poll of a loop around it. A thread
// polling a full queue, an empty one or a segment in a loop would then never reach a
// safepoint, and the whole JVM would stop at the next garbage collection (seen on JDK 25:
// SafepointReachTest). A JNI call returns through the thread-state transition, which polls, so
// a loop reaches a safepoint at least every safepoint_interval calls. It costs about one JNI
// crossing every safepoint_interval calls (well under a nanosecond a call).
constexpr unsigned safepoint_interval = 64;
LSM_FAST_TLS constinit thread_local unsigned calls_until_jni = safepoint_interval;

// True when this call is to go through JNI instead.
inline bool time_for_jni() noexcept {
    if (--calls_until_jni != 0) return false;
    calls_until_jni = safepoint_interval;
    return true;
}

// The C ABI's try calls behind that rule: LSM_RESULT_RETRY (lsm_c.h) is "take JNI".
int try_write(lsm_stream_writer* writer, int type, const void* data, std::size_t bytes) {
    return time_for_jni() ? LSM_RESULT_RETRY : lsm_stream_writer_try_write(writer, type, data, bytes);
}
std::int64_t try_read(lsm_stream_reader* reader, void* destination, std::size_t capacity) {
    return time_for_jni() ? LSM_RESULT_RETRY : lsm_stream_reader_try_read(reader, destination, capacity);
}
int try_enqueue(lsm_queue* queue, const void* data, std::size_t length) {
    return time_for_jni() ? LSM_RESULT_RETRY : lsm_queue_try_enqueue(queue, data, length);
}
std::int64_t try_take(lsm_queue* queue, int remove, void* buffer, std::size_t size) {
    return time_for_jni() ? LSM_RESULT_RETRY : lsm_queue_try_take(queue, remove, buffer, size);
}
std::int64_t try_enqueue_packed(lsm_queue* queue, const void* records, std::size_t used, std::uint32_t count) {
    return time_for_jni() ? LSM_RESULT_RETRY : lsm_queue_try_enqueue_packed(queue, records, used, count);
}
std::int64_t try_take_packed(lsm_queue* queue, void* buffer, std::size_t size, std::uint32_t max) {
    return time_for_jni() ? LSM_RESULT_RETRY : lsm_queue_try_take_packed(queue, buffer, size, max);
}

// SharedMemory's bulk copies, inside its copier's guard (segment_copier.hpp): 0 when copied,
// LSM_RESULT_RETRY when JNI must do it (closed, a range outside the segment, a segment shrunk by another
// process, or time for JNI). One memcpy, which the JDK's own copy loops do not match for large blocks.
template <typename Copy>
int copy_inside(lsm::jni::SegmentCopier* copier, std::int64_t offset, std::size_t bytes, Copy&& copy) {
    if (time_for_jni() || !copier->covers(offset, bytes)) return LSM_RESULT_RETRY;
    lsm::CallScope scope(copier->guard);
    if (!scope.entered()) return LSM_RESULT_RETRY;
    const lsm::FaultScope faults(copier->watch);
    copy(copier->data + offset);
    return copier->watch.cut() ? LSM_RESULT_RETRY : 0;
}
int copy_in(lsm::jni::SegmentCopier* copier, std::int64_t offset, const void* source, std::size_t bytes) {
    return copy_inside(copier, offset, bytes, [&](std::byte* memory) { std::memcpy(memory, source, bytes); });
}
int copy_out(lsm::jni::SegmentCopier* copier, std::int64_t offset, void* destination, std::size_t bytes) {
    return copy_inside(copier, offset, bytes, [&](const std::byte* memory) { std::memcpy(destination, memory, bytes); });
}

// The downcalls by the names Java binds them by (ForeignCalls.Downcall): the C ABI function each
// wraps, or for the copies the SharedMemory operation.
struct ForeignCall {
    const char* name;
    const void* address;
};
const ForeignCall foreign_calls[] = {
    {"lsm_stream_writer_try_write", reinterpret_cast<const void*>(&try_write)},
    {"lsm_stream_reader_try_read", reinterpret_cast<const void*>(&try_read)},
    {"lsm_queue_try_enqueue", reinterpret_cast<const void*>(&try_enqueue)},
    {"lsm_queue_try_take", reinterpret_cast<const void*>(&try_take)},
    {"lsm_queue_try_enqueue_packed", reinterpret_cast<const void*>(&try_enqueue_packed)},
    {"lsm_queue_try_take_packed", reinterpret_cast<const void*>(&try_take_packed)},
    {"segment_copy_in", reinterpret_cast<const void*>(&copy_in)},
    {"segment_copy_out", reinterpret_cast<const void*>(&copy_out)},
};
constexpr std::size_t foreign_call_count = sizeof foreign_calls / sizeof foreign_calls[0];

const void* foreign_call(const std::string& name) {
    for (const ForeignCall& call : foreign_calls)
        if (name == call.name) return call.address;
    throw lsm::Error(lsm::ErrorCode::invalid_argument, "the native library has no downcall named '" + name + "'");
}
}  // namespace

// The result codes of lsm_c.h, for CallResult.java to check its mirror against at load.
extern "C" JNIEXPORT jlongArray JNICALL Java_dev_libsharedmemory_ForeignNative_resultCodes(JNIEnv* env, jclass) {
    const jlong codes[] = {LSM_RESULT_ERROR, LSM_RESULT_EMPTY, LSM_RESULT_RETRY, LSM_TOO_SMALL_BASE,
                           LSM_BATCH_MORE,   LSM_ENQUEUED,     LSM_FULL};
    constexpr jsize count = sizeof codes / sizeof codes[0];
    jlongArray array = env->NewLongArray(count);
    if (array != nullptr) env->SetLongArrayRegion(array, 0, count, codes);
    return array;
}

// The address of each downcall `names` lists, in that order. Java must name every one of them,
// each once: a Java and a native part of different builds fail here, at load, not in a call.
extern "C" JNIEXPORT jlongArray JNICALL Java_dev_libsharedmemory_ForeignNative_addresses(JNIEnv* env, jclass,
                                                                                      jobjectArray names) {
    return lsm::jni::guarded<jlongArray>(env, nullptr, [&]() -> jlongArray {
        const jsize count = names == nullptr ? 0 : env->GetArrayLength(names);
        if (static_cast<std::size_t>(count) != foreign_call_count)
            throw lsm::Error(lsm::ErrorCode::invalid_argument,
                             "Java binds " + std::to_string(count) + " downcalls, the native library has " +
                                 std::to_string(foreign_call_count));
        jlong values[foreign_call_count];
        for (jsize i = 0; i < count; ++i) {
            auto name = static_cast<jstring>(env->GetObjectArrayElement(names, i));
            if (name == nullptr) throw lsm::Error(lsm::ErrorCode::invalid_argument, "downcall name is null");
            const char* utf = env->GetStringUTFChars(name, nullptr);
            if (utf == nullptr) throw std::bad_alloc();
            const std::string text(utf);
            env->ReleaseStringUTFChars(name, utf);
            env->DeleteLocalRef(name);
            values[i] = static_cast<jlong>(reinterpret_cast<std::intptr_t>(foreign_call(text)));
            for (jsize j = 0; j < i; ++j)
                if (values[j] == values[i])
                    throw lsm::Error(lsm::ErrorCode::invalid_argument, "downcall '" + text + "' is named twice");
        }
        jlongArray addresses = env->NewLongArray(count);
        if (addresses == nullptr) return nullptr;
        env->SetLongArrayRegion(addresses, 0, count, values);
        return addresses;
    });
}
