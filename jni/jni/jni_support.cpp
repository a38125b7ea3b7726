#include "jni_support.hpp"

#include <array>

namespace lsm::jni {
namespace {

// Indexed by ErrorCode; resolved once in JNI_OnLoad so throwing never looks a class up.
constexpr std::array<const char*, 12> exception_class_names = {
    "dev/libsharedmemory/SharedMemoryException",         // ok (unused)
    "dev/libsharedmemory/InvalidArgumentException",      // invalid_argument
    "dev/libsharedmemory/InvalidNameException",          // invalid_name
    "dev/libsharedmemory/InvalidSizeException",          // invalid_size
    "dev/libsharedmemory/SegmentNotFoundException",      // not_found
    "dev/libsharedmemory/SegmentAccessDeniedException",  // access_denied
    "dev/libsharedmemory/OutOfSpaceException",           // no_space
    "dev/libsharedmemory/CorruptSegmentException",       // corrupt
    "dev/libsharedmemory/SegmentClosedException",        // closed
    "dev/libsharedmemory/LockTimeoutException",          // timeout
    "dev/libsharedmemory/MessageTooLargeException",      // too_large
    "dev/libsharedmemory/SharedMemoryException",         // io
};
std::array<jclass, exception_class_names.size()> exception_classes{};

}  // namespace

void throw_java(JNIEnv* env, ErrorCode code, const std::string& message) noexcept {
    auto index = static_cast<std::size_t>(code);
    if (index >= exception_classes.size() || exception_classes[index] == nullptr) index = exception_classes.size() - 1;
    if (env->ExceptionCheck()) return;  // keep the first exception
    env->ThrowNew(exception_classes[index], message.c_str());
}

std::string name_from(JNIEnv* env, jbyteArray utf8) {
    if (utf8 == nullptr) throw Error(ErrorCode::invalid_name, "segment name is null");
    const jsize length = env->GetArrayLength(utf8);
    std::string name(static_cast<std::size_t>(length), '\0');
    env->GetByteArrayRegion(utf8, 0, length, reinterpret_cast<jbyte*>(name.data()));
    return name;
}

}  // namespace lsm::jni

extern "C" JNIEXPORT jint JNICALL JNI_OnLoad(JavaVM* vm, void*) {
    JNIEnv* env = nullptr;
    if (vm->GetEnv(reinterpret_cast<void**>(&env), JNI_VERSION_1_8) != JNI_OK) return JNI_ERR;
    for (std::size_t i = 0; i < lsm::jni::exception_class_names.size(); ++i) {
        jclass local = env->FindClass(lsm::jni::exception_class_names[i]);
        if (local == nullptr) return JNI_ERR;
        lsm::jni::exception_classes[i] = static_cast<jclass>(env->NewGlobalRef(local));
        env->DeleteLocalRef(local);
    }
    return JNI_VERSION_1_8;
}
