// What every JNI entry point shares: turning lsm::Error into the matching Java
// exception, reading names, and holding handles as jlong.
#pragma once

#include <jni.h>

#include <string>

#include "lsm/error.hpp"

namespace lsm::jni {

// Throws the Java exception of the library's hierarchy that matches `code`.
void throw_java(JNIEnv* env, ErrorCode code, const std::string& message) noexcept;

// A segment name arrives as UTF-8 bytes (not JNI's modified UTF-8, which would hide a NUL).
std::string name_from(JNIEnv* env, jbyteArray utf8);

template <typename T>
T* handle_from(jlong handle) noexcept {
    return reinterpret_cast<T*>(static_cast<std::intptr_t>(handle));
}

template <typename T>
jlong handle_of(T* object) noexcept {
    return static_cast<jlong>(reinterpret_cast<std::intptr_t>(object));
}

// Runs `body`; a C++ exception becomes a pending Java exception and `on_error` is returned.
template <typename Result, typename Body>
Result guarded(JNIEnv* env, Result on_error, Body&& body) noexcept {
    try {
        return body();
    } catch (const Error& e) {
        throw_java(env, e.code(), e.what());
    } catch (const std::bad_alloc&) {
        throw_java(env, ErrorCode::no_space, "native out of memory");
    } catch (const std::exception& e) {
        throw_java(env, ErrorCode::io, e.what());
    } catch (...) {
        throw_java(env, ErrorCode::io, "unknown native error");
    }
    return on_error;
}

}  // namespace lsm::jni
