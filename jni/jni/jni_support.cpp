#include "jni_support.hpp"

#include "lsm_c.h"
#include "lsm/lock_events.hpp"

#include <array>

namespace lsm::jni {
namespace {

struct ExceptionClass {
    ErrorCode code;
    const char* name;
};

// Indexed by ErrorCode (checked below); resolved once in JNI_OnLoad so throwing never looks a class up.
constexpr std::array<ExceptionClass, 13> exception_table = {{
    {ErrorCode::ok, "dev/libsharedmemory/SharedMemoryException"},  // unused
    {ErrorCode::invalid_argument, "dev/libsharedmemory/InvalidArgumentException"},
    {ErrorCode::invalid_name, "dev/libsharedmemory/InvalidNameException"},
    {ErrorCode::invalid_size, "dev/libsharedmemory/InvalidSizeException"},
    {ErrorCode::not_found, "dev/libsharedmemory/SegmentNotFoundException"},
    {ErrorCode::access_denied, "dev/libsharedmemory/SegmentAccessDeniedException"},
    {ErrorCode::no_space, "dev/libsharedmemory/OutOfSpaceException"},
    {ErrorCode::corrupt, "dev/libsharedmemory/CorruptSegmentException"},
    {ErrorCode::closed, "dev/libsharedmemory/SegmentClosedException"},
    {ErrorCode::timeout, "dev/libsharedmemory/LockTimeoutException"},
    {ErrorCode::too_large, "dev/libsharedmemory/MessageTooLargeException"},
    {ErrorCode::io, "dev/libsharedmemory/SharedMemoryException"},
    {ErrorCode::interrupted, "dev/libsharedmemory/LockWaitInterruptedException"},
}};

constexpr bool indexed_by_code() {
    for (std::size_t i = 0; i < exception_table.size(); ++i)
        if (static_cast<std::size_t>(exception_table[i].code) != i) return false;
    return true;
}
static_assert(indexed_by_code(), "exception_table[i] must be the entry of ErrorCode i");
static_assert(exception_table.size() == static_cast<std::size_t>(ErrorCode::interrupted) + 1, "one entry per ErrorCode");

std::array<jclass, exception_table.size()> exception_classes{};

// For java_thread_interrupted: resolved once in JNI_OnLoad.
JavaVM* java_vm = nullptr;
jclass thread_class = nullptr;
jmethodID current_thread = nullptr;
jmethodID is_interrupted = nullptr;

// LockTimeoutException(String message, byte[] segment, String handle, String lock, int holder,
// long waitedNanos): resolved once in JNI_OnLoad.
jmethodID lock_timeout_with_parts = nullptr;

// Throws LockTimeoutException with the parts of `detail`; false (nothing thrown) if JNI failed.
bool throw_lock_timeout(JNIEnv* env, const std::string& message, const LockTimeoutDetail& detail,
                        const char* handle_kind) noexcept {
    const jclass type = exception_classes[static_cast<std::size_t>(ErrorCode::timeout)];
    // The segment as UTF-8 bytes: JNI strings are modified UTF-8 (the message's text is the one ThrowNew passes too).
    jobject arguments[] = {env->NewStringUTF(message.c_str()), bytes_of(env, detail.segment),
                           handle_kind != nullptr ? env->NewStringUTF(handle_kind) : nullptr,
                           env->NewStringUTF(detail.lock.c_str())};
    bool thrown = false;
    if (!env->ExceptionCheck()) {
        auto exception = static_cast<jthrowable>(env->NewObject(type, lock_timeout_with_parts, arguments[0], arguments[1],
                                                              arguments[2], arguments[3], static_cast<jint>(detail.holder),
                                                              static_cast<jlong>(detail.waited_nanos)));
        thrown = exception != nullptr && env->Throw(exception) == JNI_OK;
        if (exception != nullptr) env->DeleteLocalRef(exception);
    }
    for (jobject argument : arguments)
        if (argument != nullptr) env->DeleteLocalRef(argument);
    if (!thrown) env->ExceptionClear();  // fall back to the plain exception
    return thrown;
}

}  // namespace

void throw_java(JNIEnv* env, ErrorCode code, const std::string& message, const char* handle_kind) noexcept {
    auto index = static_cast<std::size_t>(code);
    if (index >= exception_classes.size() || exception_classes[index] == nullptr)
        index = static_cast<std::size_t>(ErrorCode::io);
    if (env->ExceptionCheck()) return;  // keep the first exception
    if (code == ErrorCode::timeout) {
        const LockTimeoutDetail* detail = lock_timeout_detail(message);
        if (detail != nullptr && throw_lock_timeout(env, message, *detail, handle_kind)) return;
    }
    env->ThrowNew(exception_classes[index], message.c_str());
}

bool java_thread_interrupted() {
    JNIEnv* env = nullptr;
    if (java_vm == nullptr || java_vm->GetEnv(reinterpret_cast<void**>(&env), JNI_VERSION_1_8) != JNI_OK) return false;
    if (env->ExceptionCheck()) return true;  // end the wait: the pending exception goes to Java
    jobject thread = env->CallStaticObjectMethod(thread_class, current_thread);
    if (thread == nullptr) return env->ExceptionCheck() == JNI_TRUE;
    // Nonvirtual: a Thread subclass's override must not run here, inside a call (with its lock
    // wait, fault scope and maybe a held lock): it could call the library or close the handle.
    const bool interrupted = env->CallNonvirtualBooleanMethod(thread, thread_class, is_interrupted) == JNI_TRUE;
    env->DeleteLocalRef(thread);
    return interrupted || env->ExceptionCheck() == JNI_TRUE;
}

void throw_last_error() {
    throw Error(static_cast<ErrorCode>(lsm_last_error()), lsm_last_error_message());
}

std::string name_from(JNIEnv* env, jbyteArray utf8) {
    if (utf8 == nullptr) throw Error(ErrorCode::invalid_name, "segment name is null");
    const jsize length = env->GetArrayLength(utf8);
    std::string name(static_cast<std::size_t>(length), '\0');
    env->GetByteArrayRegion(utf8, 0, length, reinterpret_cast<jbyte*>(name.data()));
    return name;
}

jbyteArray bytes_of(JNIEnv* env, const std::string& bytes) noexcept {
    const auto length = static_cast<jsize>(bytes.size());
    jbyteArray array = env->NewByteArray(length);
    if (array != nullptr) env->SetByteArrayRegion(array, 0, length, reinterpret_cast<const jbyte*>(bytes.data()));
    return array;
}

}  // namespace lsm::jni

extern "C" JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM* vm, void*) {
    JNIEnv* env = nullptr;
    if (vm->GetEnv(reinterpret_cast<void**>(&env), JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
    for (std::size_t i = 0; i < lsm::jni::exception_table.size(); ++i) {
        jclass local = env->FindClass(lsm::jni::exception_table[i].name);
        if (local == nullptr) return JNI_ERR;
        lsm::jni::exception_classes[i] = static_cast<jclass>(env->NewGlobalRef(local));
        env->DeleteLocalRef(local);
    }
    jclass thread = env->FindClass("java/lang/Thread");
    if (thread == nullptr) return JNI_ERR;
    lsm::jni::thread_class = static_cast<jclass>(env->NewGlobalRef(thread));
    env->DeleteLocalRef(thread);
    lsm::jni::current_thread = env->GetStaticMethodID(lsm::jni::thread_class, "currentThread", "()Ljava/lang/Thread;");
    lsm::jni::is_interrupted = env->GetMethodID(lsm::jni::thread_class, "isInterrupted", "()Z");
    if (lsm::jni::current_thread == nullptr || lsm::jni::is_interrupted == nullptr) return JNI_ERR;
    lsm::jni::lock_timeout_with_parts =
        env->GetMethodID(lsm::jni::exception_classes[static_cast<std::size_t>(lsm::ErrorCode::timeout)], "<init>",
                         "(Ljava/lang/String;[BLjava/lang/String;Ljava/lang/String;IJ)V");
    if (lsm::jni::lock_timeout_with_parts == nullptr) return JNI_ERR;
    lsm::jni::java_vm = vm;
    return JNI_VERSION_1_8;
}
