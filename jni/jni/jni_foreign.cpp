// JNI for dev.libsharedmemory.ForeignNative: the addresses of the C ABI calls (and a memcpy) that Java binds
// as foreign-function downcalls on JDK 22+ (ForeignCalls.java). Handing out addresses, rather
// than letting Java look symbols up, finds them whichever class loader loaded this library.
#include <jni.h>

#include <cstdint>
#include <cstring>

#include "lsm_c.h"

namespace {
// SharedMemory's bulk copies: a plain memcpy, which the JDK's own copy loops do not match for
// large blocks. Not part of lsm_c.h: C callers have memcpy.
void copy_bytes(void* destination, const void* source, std::size_t bytes) { std::memcpy(destination, source, bytes); }

// In the order of ForeignCalls' constants.
const void* const foreign_calls[] = {
    reinterpret_cast<const void*>(&lsm_stream_writer_try_write),
    reinterpret_cast<const void*>(&lsm_stream_reader_try_read),
    reinterpret_cast<const void*>(&lsm_queue_try_enqueue),
    reinterpret_cast<const void*>(&lsm_queue_try_take),
    reinterpret_cast<const void*>(&copy_bytes),
};
}  // namespace

extern "C" JNIEXPORT jlongArray JNICALL Java_dev_libsharedmemory_ForeignNative_addresses(JNIEnv* env, jclass) {
    constexpr jsize count = sizeof foreign_calls / sizeof foreign_calls[0];
    jlongArray addresses = env->NewLongArray(count);
    if (addresses == nullptr) return nullptr;
    jlong values[count];
    for (jsize i = 0; i < count; ++i) values[i] = static_cast<jlong>(reinterpret_cast<std::intptr_t>(foreign_calls[i]));
    env->SetLongArrayRegion(addresses, 0, count, values);
    return addresses;
}
