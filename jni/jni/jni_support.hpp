// What every JNI entry point shares: turning lsm::Error into the matching Java
// exception, reading names, and holding handles as jlong.
#pragma once

#include <jni.h>

#include <cstddef>
#include <cstdint>
#include <string>

#include "lsm/error.hpp"
#include "lsm_c.h"  // the handle types, for handle_kind

namespace lsm::jni {

// Throws the Java exception of the library's hierarchy that matches `code`. A lock timeout also
// hands its parts (lsm/lock_events.hpp) and `handle_kind` ("stream writer", ...; may be null) to
// LockTimeoutException, which reports them (JFR).
void throw_java(JNIEnv* env, ErrorCode code, const std::string& message, const char* handle_kind = nullptr) noexcept;

// The kind of handle a JNI call works on, as Java's diagnostics name it.
template <typename Handle>
inline constexpr const char* handle_kind = nullptr;
template <>
inline constexpr const char* handle_kind<lsm_stream_writer> = "stream writer";
template <>
inline constexpr const char* handle_kind<lsm_stream_reader> = "stream reader";
template <>
inline constexpr const char* handle_kind<lsm_queue> = "queue";

// Rethrows the error the last failed C ABI call recorded on this thread (lsm_last_error) as lsm::Error,
// so that guarded() turns it into the matching Java exception.
[[noreturn]] void throw_last_error();

// A segment name arrives as UTF-8 bytes (not JNI's modified UTF-8, which would hide a NUL).
std::string name_from(JNIEnv* env, jbyteArray utf8);

// A new byte[] of `bytes` (a segment name for Java to decode as UTF-8), or null with an exception pending.
jbyteArray bytes_of(JNIEnv* env, const std::string& bytes) noexcept;

template <typename T>
T* handle_from(jlong handle) noexcept {
    return reinterpret_cast<T*>(static_cast<std::intptr_t>(handle));
}

template <typename T>
jlong handle_of(T* object) noexcept {
    return static_cast<jlong>(reinterpret_cast<std::intptr_t>(object));
}

// True when the calling Java thread is interrupted (Thread.isInterrupted: the status stays set),
// or a Java exception is pending; false on a thread the JVM does not know. For LockWaitAbort:
// called from lock waits of JNI calls only, never inside a critical region.
bool java_thread_interrupted();

// A new handle of c_abi_handles.hpp for Java: Thread.interrupt() ends its lock waits
// (Error(interrupted): LockWaitInterruptedException).
template <typename Handle>
jlong java_handle(Handle* handle) noexcept {
    handle->end_lock_waits_on_interrupt(&java_thread_interrupted);
    return handle_of(handle);
}

// Runs `body`; a C++ exception becomes a pending Java exception and `on_error` is returned.
// `handle_kind`: what the call works on, if a handle (see handle_kind<>).
template <typename Result, typename Body>
Result guarded(JNIEnv* env, Result on_error, Body&& body, const char* handle_kind = nullptr) noexcept {
    try {
        return body();
    } catch (const Error& e) {
        throw_java(env, e.code(), e.what(), handle_kind);
    } catch (const std::bad_alloc&) {
        throw_java(env, ErrorCode::no_space, "native out of memory");
    } catch (const std::exception& e) {
        throw_java(env, ErrorCode::io, e.what());
    } catch (...) {
        throw_java(env, ErrorCode::io, "unknown native error");
    }
    return on_error;
}

// Runs body(object) inside the call guard of a handle of c_abi_handles.hpp: a call after
// close throws SegmentClosedException instead of touching an unmapped segment.
template <typename Handle, typename Result, typename Body>
Result guarded_call(JNIEnv* env, jlong handle, Result on_error, Body&& body) noexcept {
    return guarded<Result>(
        env, on_error, [&]() -> Result { return handle_from<Handle>(handle)->call(body); }, handle_kind<Handle>);
}

}  // namespace lsm::jni

namespace lsm::jni {

// Native memory passed from Java as (address, capacity) of a direct buffer the caller keeps
// reachable (see DirectAddress.java): [position, position + length) must lie inside capacity.
inline std::byte* native_range(jlong address, jlong capacity, jlong position, jlong length, const char* what) {
    if (address == 0 || capacity < 0 || position < 0 || length < 0 || position > capacity ||
        length > capacity - position)
        throw Error(ErrorCode::invalid_argument, std::string(what) + ": range " + std::to_string(position) + "+" +
                                                     std::to_string(length) + " is outside its " +
                                                     std::to_string(capacity) + " bytes");
    return reinterpret_cast<std::byte*>(static_cast<std::intptr_t>(address)) + position;
}

// [offset, offset + length) must lie inside `available` bytes; returns length.
inline std::size_t checked_range(jlong offset, jlong length, jlong available, const char* what) {
    if (offset < 0 || length < 0 || offset > available || length > available - offset)
        throw Error(ErrorCode::invalid_argument, std::string(what) + " range " + std::to_string(offset) + "+" +
                                                     std::to_string(length) + " is outside its " +
                                                     std::to_string(available) + " bytes");
    return static_cast<std::size_t>(length);
}

// Byte range [offset, offset + length) of a Java array of `element`-byte elements, checked
// against the array itself here, where it reaches native code: Java callers check too, but a
// buffer another thread changes may hand anything down, and a copy outside the array would
// corrupt the Java heap.
inline std::size_t array_range(JNIEnv* env, jarray array, jlong offset, jlong length, jlong element) {
    if (array == nullptr) throw Error(ErrorCode::invalid_argument, "array is null");
    return checked_range(offset, length, static_cast<jlong>(env->GetArrayLength(array)) * element, "array");
}

}  // namespace lsm::jni
