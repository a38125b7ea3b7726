// JNI for dev.libsharedmemory.StreamNative: lsm::StreamWriter / lsm::StreamReader.
//
// Hot calls take native memory as (address, capacity, position, length) of a direct buffer
// (the caller's, or the Java thread's staging buffer for small arrays): no call back into
// the JVM at all. Large Java arrays are copied straight between the array and the segment
// under the lock (one region copy or one pinned memcpy: bounded, never a wait for the lock
// while pinned). Java allocates every array it reads into, outside the lock.
#include <chrono>
#include <cstring>

#include "jni_support.hpp"
#include "c_abi_handles.hpp"
#include "lsm_c.h"  // the result codes
#include "lsm/follow.hpp"
#include "lsm/stream.hpp"

using lsm::Error;
using lsm::ErrorCode;
using lsm::ReadTarget;
using lsm::StreamReader;
using lsm::StreamType;
using lsm::StreamWriter;
using lsm::jni::guarded;
using lsm::jni::guarded_call;
using lsm::jni::handle_from;
using lsm::jni::java_handle;
using lsm::jni::name_from;

namespace {

// Bytes per element of the Java array that carries a payload of `type`:
// byte[] for strings, float[] and double[] for the numeric types.
std::size_t element_size(StreamType type) {
    switch (type) {
        case StreamType::string: return 1;
        case StreamType::float32: return sizeof(jfloat);
        case StreamType::float64: return sizeof(jdouble);
        default: throw Error(ErrorCode::invalid_argument, "unknown stream data type " + std::to_string(int(type)));
    }
}

// A bufferSize from Java: positive (the core checks the header fits), named in the message.
std::size_t buffer_size_from(const std::string& segment_name, jlong size) {
    if (size <= 0)
        throw Error(ErrorCode::invalid_size, "stream '" + segment_name + "': bufferSize must be greater than " +
                                                 "the 20-byte header, was " + std::to_string(size));
    return static_cast<std::size_t>(size);
}

// A read whose caller has room for `limit` bytes (negative: no limit) refuses a larger payload.
void check_limit(const StreamReader& reader, std::size_t payload, jint limit) {
    if (limit >= 0 && payload > static_cast<std::size_t>(limit))
        throw Error(ErrorCode::too_large, "stream '" + reader.name() + "': payload of " + std::to_string(payload) +
                                              " bytes does not fit the " + std::to_string(limit) +
                                              " bytes available in the destination; nothing was copied");
}

// The calls writers and readers share (StreamSegment's): one body for both kinds of handle.
template <typename Handle>
void set_lock_timeout(JNIEnv* env, jlong handle, jlong nanos) {
    guarded_call<Handle>(env, handle, 0, [&](lsm::StreamSegment& stream) {
        stream.set_lock_timeout(std::chrono::nanoseconds(nanos));
        return 0;
    });
}

template <typename Handle>
jboolean is_stale(JNIEnv* env, jlong handle) {
    return guarded_call<Handle>(env, handle, jboolean(JNI_FALSE), [](const lsm::StreamSegment& stream) {
        return stream.is_stale() ? JNI_TRUE : JNI_FALSE;
    });
}

template <typename Handle>
void destroy(JNIEnv* env, jlong handle) {
    guarded_call<Handle>(env, handle, 0, [](lsm::StreamSegment& stream) {
        stream.destroy();
        return 0;
    });
}

}  // namespace

extern "C" {

// ---- writer ----

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_StreamNative_createWriter(JNIEnv* env, jclass, jbyteArray name,
                                                                           jlong size, jboolean persistent,
                                                                           jint mode) {
    return guarded<jlong>(env, 0, [&] {
        const std::string segment_name = name_from(env, name);
        const std::size_t buffer_size = buffer_size_from(segment_name, size);
        return java_handle(
            new lsm_stream_writer("stream", segment_name, buffer_size, persistent == JNI_TRUE, static_cast<unsigned>(mode)));
    });
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_StreamNative_openOrCreateWriter(JNIEnv* env, jclass, jbyteArray name,
                                                                                 jlong size, jboolean persistent,
                                                                                 jint mode) {
    return guarded<jlong>(env, 0, [&] {
        const std::string segment_name = name_from(env, name);
        const std::size_t buffer_size = buffer_size_from(segment_name, size);
        return java_handle(new lsm_stream_writer("stream", lsm::OpenOrCreate{}, segment_name, buffer_size,
                                                 persistent == JNI_TRUE, static_cast<unsigned>(mode)));
    });
}

JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_StreamNative_writerCreated(JNIEnv*, jclass, jlong handle) {
    return handle_from<lsm_stream_writer>(handle)->created() ? JNI_TRUE : JNI_FALSE;
}

JNIEXPORT void JNICALL Java_dev_libsharedmemory_StreamNative_writeArray(JNIEnv* env, jclass, jlong handle, jint type,
                                                                        jarray array, jlong byte_offset,
                                                                        jint byte_length) {
    guarded_call<lsm_stream_writer>(env, handle, 0, [&](StreamWriter& writer) {
        const auto stream_type = static_cast<StreamType>(type);
        const std::size_t element = element_size(stream_type);
        const std::size_t bytes =
            lsm::jni::array_range(env, array, byte_offset, byte_length, static_cast<jlong>(element));
        if (byte_offset % static_cast<jlong>(element) != 0 || bytes % element != 0)
            throw Error(ErrorCode::invalid_argument, "array range is not a whole number of elements");
        const jsize start = static_cast<jsize>(byte_offset / static_cast<jlong>(element));
        const jsize count = static_cast<jsize>(bytes / element);
        writer.write_with(stream_type, bytes, [&](std::byte* destination) {
            if (bytes == 0) return;
            if (stream_type == StreamType::string) {
                // One region copy, in range (checked above): it cannot fail.
                env->GetByteArrayRegion(static_cast<jbyteArray>(array), start, count,
                                        reinterpret_cast<jbyte*>(destination));
                return;
            }
            // float[]/double[]: HotSpot's region copy goes element by element; a pinned memcpy is faster.
            void* pinned = env->GetPrimitiveArrayCritical(array, nullptr);
            if (pinned == nullptr) throw Error(ErrorCode::no_space, "cannot pin the Java array");
            std::memcpy(destination, static_cast<const std::byte*>(pinned) + byte_offset, bytes);  // no JNI call here
            env->ReleasePrimitiveArrayCritical(array, pinned, JNI_ABORT);
        });
        return 0;
    });
}

// Writes [position, position + length) of native memory (a direct buffer's address).
JNIEXPORT void JNICALL Java_dev_libsharedmemory_StreamNative_writeAddress(JNIEnv* env, jclass, jlong handle, jint type,
                                                                          jlong address, jlong capacity,
                                                                          jint position, jint length) {
    guarded_call<lsm_stream_writer>(env, handle, 0, [&](StreamWriter& writer) {
        const std::byte* data = lsm::jni::native_range(address, capacity, position, length, "buffer");
        writer.write(static_cast<StreamType>(type), data,
                                                 static_cast<std::size_t>(length));
        return 0;
    });
}

JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_StreamNative_isMessageRead(JNIEnv* env, jclass, jlong handle) {
    return guarded_call<lsm_stream_writer>(env, handle, jboolean(JNI_FALSE), [](StreamWriter& writer) {
        return writer.is_message_read() ? JNI_TRUE : JNI_FALSE;
    });
}

// The sleeping waits: JNI, never a critical downcall (a thread sleeping in one would hold off
// every safepoint). At most `nanos`, in slices of `unwoken_nanos` once a peer that wakes nobody
// has shown itself; Java re-checks interruption in between.
JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_StreamNative_sleepForRead(JNIEnv* env, jclass, jlong handle,
                                                                          jlong nanos, jlong unwoken_nanos) {
    return guarded_call<lsm_stream_writer>(env, handle, jboolean(JNI_FALSE), [&](StreamWriter& writer) {
        const std::chrono::nanoseconds slice(nanos);
        return writer.wait_for_read(slice, slice, std::chrono::nanoseconds(unwoken_nanos)) ? JNI_TRUE : JNI_FALSE;
    });
}

JNIEXPORT void JNICALL Java_dev_libsharedmemory_StreamNative_setWriterLockTimeout(JNIEnv* env, jclass, jlong handle,
                                                                                  jlong nanos) {
    set_lock_timeout<lsm_stream_writer>(env, handle, nanos);
}

JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_StreamNative_writerIsStale(JNIEnv* env, jclass, jlong handle) {
    return is_stale<lsm_stream_writer>(env, handle);
}

JNIEXPORT void JNICALL Java_dev_libsharedmemory_StreamNative_destroyWriter(JNIEnv* env, jclass, jlong handle) {
    destroy<lsm_stream_writer>(env, handle);
}

// Thread.interrupt() of a thread asleep on this handle (SleepInterruptor.java): wakes its
// sleepers; nothing once closed. The caller keeps the handle reachable (never a freed one).
JNIEXPORT void JNICALL Java_dev_libsharedmemory_StreamNative_wakeWriterSleepers(JNIEnv*, jclass, jlong handle) {
    handle_from<lsm_stream_writer>(handle)->wake_sleepers();
}

// Waits for calls in flight, unmaps (a non-persistent writer removes the name); the handle
// stays allocated, refusing calls, until releaseWriter.
JNIEXPORT void JNICALL Java_dev_libsharedmemory_StreamNative_closeWriter(JNIEnv*, jclass, jlong handle) {
    handle_from<lsm_stream_writer>(handle)->close();
}

// Closes if still open and frees the handle (the Cleaner, once the Java object is unreachable).
JNIEXPORT void JNICALL Java_dev_libsharedmemory_StreamNative_releaseWriter(JNIEnv*, jclass, jlong handle) {
    delete handle_from<lsm_stream_writer>(handle);
}

// ---- reader ----

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_StreamNative_openReader(JNIEnv* env, jclass, jbyteArray name,
                                                                         jlong size, jboolean persistent) {
    return guarded<jlong>(env, 0, [&] {
        const std::string segment_name = name_from(env, name);
        const std::size_t buffer_size = buffer_size_from(segment_name, size);
        return java_handle(new lsm_stream_reader("stream", segment_name, buffer_size, persistent == JNI_TRUE));
    });
}

// Copies the payload under the lock into native memory [position, position + room): returns
// its size. A payload larger than `limit` (the caller's room; negative: none) throws too_large;
// one that fits the limit but not the room (a staging buffer too small) is not copied: returns
// LSM_TOO_SMALL(size).
JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_StreamNative_openWholeReader(JNIEnv* env, jclass, jbyteArray name,
                                                                              jboolean persistent) {
    return guarded<jlong>(env, 0, [&] {
        return java_handle(new lsm_stream_reader("stream", lsm::WholeSegment{}, name_from(env, name), persistent == JNI_TRUE));
    });
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_StreamNative_readerBufferSize(JNIEnv* env, jclass, jlong handle) {
    return guarded_call<lsm_stream_reader>(env, handle, jlong{-1},
                                           [](StreamReader& reader) { return static_cast<jlong>(reader.size()); });
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_StreamNative_readAddress(JNIEnv* env, jclass, jlong handle,
                                                                          jlong address, jlong capacity,
                                                                          jint position, jint room, jint limit) {
    return guarded_call<lsm_stream_reader>(env, handle, jlong(LSM_RESULT_ERROR), [&](StreamReader& reader) -> jlong {
        std::byte* target = lsm::jni::native_range(address, capacity, position, room, "buffer");
        bool copied = false;
        const std::size_t size = reader.read_with([&](std::size_t payload) {
            check_limit(reader, payload, limit);
            if (payload > static_cast<std::size_t>(room)) return ReadTarget{target, 0};
            copied = true;
            return ReadTarget{target, payload};
        });
        return copied ? static_cast<jlong>(size) : LSM_TOO_SMALL(size);
    });
}

// Copies the payload under the lock straight into a Java array: byte[], float[] or double[]
// (`element` bytes each, as the caller passes it), bytes [byte_offset, byte_offset + room).
// Whole elements only: a float[] receives size / 4 values. Returns the payload size. A payload
// larger than `limit` (negative: none) throws too_large; one whose whole elements do not fit the
// room is not copied: returns LSM_TOO_SMALL(size). The array is pinned only for the copy, under the lock
// (one critical section, no other JNI call in it).
JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_StreamNative_readArray(JNIEnv* env, jclass, jlong handle,
                                                                        jarray array, jint element,
                                                                        jint byte_offset, jlong room, jint limit) {
    return guarded_call<lsm_stream_reader>(env, handle, jlong(LSM_RESULT_ERROR), [&](StreamReader& reader) -> jlong {
        if (element != 1 && element != 4 && element != 8)
            throw Error(ErrorCode::invalid_argument, "element size " + std::to_string(element));
        lsm::jni::array_range(env, array, byte_offset, room, element);
        void* pinned = nullptr;
        const std::size_t size = reader.read_with([&](std::size_t payload) {
            check_limit(reader, payload, limit);
            const std::size_t whole = payload - payload % static_cast<std::size_t>(element);
            if (whole > static_cast<std::size_t>(room) || whole == 0) return ReadTarget{nullptr, 0};
            pinned = env->GetPrimitiveArrayCritical(array, nullptr);
            if (pinned == nullptr) throw Error(ErrorCode::no_space, "cannot pin the Java array");
            return ReadTarget{static_cast<std::byte*>(pinned) + byte_offset, whole};
        });
        if (pinned != nullptr) env->ReleasePrimitiveArrayCritical(array, pinned, 0);
        const std::size_t whole = size - size % static_cast<std::size_t>(element);
        return whole <= static_cast<std::size_t>(room) ? static_cast<jlong>(size) : LSM_TOO_SMALL(size);
    });
}

JNIEXPORT jint JNICALL Java_dev_libsharedmemory_StreamNative_flags(JNIEnv* env, jclass, jlong handle) {
    return guarded_call<lsm_stream_reader>(env, handle, jint(-1), [](StreamReader& reader) { return jint(reader.flags()); });
}

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_StreamNative_payloadSize(JNIEnv* env, jclass, jlong handle) {
    return guarded_call<lsm_stream_reader>(env, handle, jlong(-1), [&](StreamReader& reader) { return static_cast<jlong>(reader.payload_size()); });
}

JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_StreamNative_hasNewData(JNIEnv* env, jclass, jlong handle) {
    return guarded_call<lsm_stream_reader>(env, handle, jboolean(JNI_FALSE), [](StreamReader& reader) {
        return reader.has_new_data() ? JNI_TRUE : JNI_FALSE;
    });
}

JNIEXPORT void JNICALL Java_dev_libsharedmemory_StreamNative_markAsRead(JNIEnv* env, jclass, jlong handle) {
    guarded_call<lsm_stream_reader>(env, handle, 0, [](StreamReader& reader) {
        reader.mark_as_read();
        return 0;
    });
}

JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_StreamNative_sleepForNewData(JNIEnv* env, jclass, jlong handle,
                                                                             jlong nanos, jlong unwoken_nanos) {
    return guarded_call<lsm_stream_reader>(env, handle, jboolean(JNI_FALSE), [&](StreamReader& reader) {
        const std::chrono::nanoseconds slice(nanos);
        return reader.wait_new_data(slice, slice, std::chrono::nanoseconds(unwoken_nanos)) ? JNI_TRUE : JNI_FALSE;
    });
}

JNIEXPORT void JNICALL Java_dev_libsharedmemory_StreamNative_setReaderLockTimeout(JNIEnv* env, jclass, jlong handle,
                                                                                  jlong nanos) {
    set_lock_timeout<lsm_stream_reader>(env, handle, nanos);
}

JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_StreamNative_readerIsStale(JNIEnv* env, jclass, jlong handle) {
    return is_stale<lsm_stream_reader>(env, handle);
}

// lsm::FollowResult as an int: 0 current, 1 pending, 2 followed.
JNIEXPORT jint JNICALL Java_dev_libsharedmemory_StreamNative_followReader(JNIEnv* env, jclass, jlong handle) {
    return guarded<jint>(env, 0, [&] {
        return static_cast<jint>(lsm::follow_recreated(*handle_from<lsm_stream_reader>(handle)));
    });
}

JNIEXPORT void JNICALL Java_dev_libsharedmemory_StreamNative_destroyReader(JNIEnv* env, jclass, jlong handle) {
    destroy<lsm_stream_reader>(env, handle);
}

// ---- lock holder (writer or reader handle) ----

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_StreamNative_lockHolder(JNIEnv* env, jclass, jlong handle,
                                                                        jboolean writer) {
    const auto holder = [](const lsm::StreamSegment& stream) { return static_cast<jlong>(stream.lock_holder()); };
    return writer == JNI_TRUE ? guarded_call<lsm_stream_writer>(env, handle, jlong(-1), holder)
                              : guarded_call<lsm_stream_reader>(env, handle, jlong(-1), holder);
}

// Forces the lock open (only from `expected` when that is not negative): the value found.
JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_StreamNative_forceUnlock(JNIEnv* env, jclass, jlong handle,
                                                                         jboolean writer, jlong expected) {
    const auto force = [&](lsm::StreamSegment& stream) {
        return static_cast<jlong>(expected < 0 ? stream.force_unlock()
                                               : stream.force_unlock_if(static_cast<std::uint32_t>(expected)));
    };
    return writer == JNI_TRUE ? guarded_call<lsm_stream_writer>(env, handle, jlong(-1), force)
                              : guarded_call<lsm_stream_reader>(env, handle, jlong(-1), force);
}

// For tests of the adaptive slices (WaitSlices): whether a change came that woke nobody.
JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_StreamNative_readerUnwokenPeerSeen(JNIEnv* env, jclass, jlong handle) {
    return guarded_call<lsm_stream_reader>(env, handle, jboolean(JNI_FALSE), [](StreamReader& reader) {
        return reader.unwoken_peer_seen() ? JNI_TRUE : JNI_FALSE;
    });
}

// As wakeWriterSleepers.
JNIEXPORT void JNICALL Java_dev_libsharedmemory_StreamNative_wakeReaderSleepers(JNIEnv*, jclass, jlong handle) {
    handle_from<lsm_stream_reader>(handle)->wake_sleepers();
}

JNIEXPORT void JNICALL Java_dev_libsharedmemory_StreamNative_closeReader(JNIEnv*, jclass, jlong handle) {
    handle_from<lsm_stream_reader>(handle)->close();
}

JNIEXPORT void JNICALL Java_dev_libsharedmemory_StreamNative_releaseReader(JNIEnv*, jclass, jlong handle) {
    delete handle_from<lsm_stream_reader>(handle);
}

}  // extern "C"
