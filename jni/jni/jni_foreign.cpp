// JNI for dev.libsharedmemory.ForeignNative: the addresses of the C ABI calls that Java binds
// as foreign-function downcalls on JDK 22+ (ForeignCalls.java). Handing out addresses, rather
// than letting Java look symbols up, finds them whichever class loader loaded this library.
#include <jni.h>

#include <cstdint>

#include "lsm_c.h"

namespace {
// In the order of ForeignCalls' constants.
const void* const foreign_calls[] = {
    reinterpret_cast<const void*>(&lsm_stream_writer_try_write),
    reinterpret_cast<const void*>(&lsm_stream_reader_try_read),
    reinterpret_cast<const void*>(&lsm_queue_try_enqueue),
    reinterpret_cast<const void*>(&lsm_queue_try_take),
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
