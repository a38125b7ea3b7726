// JNI for dev.libsharedmemory.bench.BenchNative (the JMH module): measuring aids, built into
// the benchmark's own library (lsmbenchjni), never into the shipped liblsmjava. nop() does
// nothing, so timing it gives the cost of one Java -> native -> Java transition, which the
// benchmark table prints next to the library's own calls. The others each add exactly one kind
// of JNI upcall that the library's data paths make, so the table can say what each one costs
// on top of the bare transition.
#include <jni.h>

#include <cstddef>
#include <cstdint>

#include "lsm/call_guard.hpp"

namespace {
// Where copyRegion copies to: a static buffer, so no allocation is timed.
jbyte region_target[65536];
// The guard of guardedNop: never closed.
lsm::CallGuard bench_guard;
}  // namespace

extern "C" {

JNIEXPORT void JNICALL Java_dev_libsharedmemory_bench_BenchNative_nop(JNIEnv*, jclass) {}

// What a critical foreign downcall times on its own (ForeignNop, JDK 22+): a C function of the
// shape of lsm_stream_writer_try_write (handle, int, pointer, size) -> int that does nothing.
static int32_t lsm_bench_nop_call(int64_t, int32_t, int64_t, int64_t) { return 0; }

JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_bench_BenchNative_nopCallAddress(JNIEnv*, jclass) {
    return static_cast<jlong>(reinterpret_cast<std::uintptr_t>(&lsm_bench_nop_call));
}

// What every stream and queue call adds to the transition: entering and leaving its guard.
JNIEXPORT void JNICALL Java_dev_libsharedmemory_bench_BenchNative_guardedNop(JNIEnv*, jclass) {
    const lsm::CallScope scope(bench_guard);
}

// GetDirectBufferAddress + GetDirectBufferCapacity: what a direct-buffer read or write asks the VM.
JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_bench_BenchNative_directAddressAndCapacity(JNIEnv* env, jclass,
                                                                                      jobject buffer) {
    return reinterpret_cast<jlong>(env->GetDirectBufferAddress(buffer)) + env->GetDirectBufferCapacity(buffer);
}

// GetArrayLength + Get/ReleasePrimitiveArrayCritical: what an array write does to pin its source.
JNIEXPORT jint JNICALL Java_dev_libsharedmemory_bench_BenchNative_pinArray(JNIEnv* env, jclass, jbyteArray array) {
    const jsize length = env->GetArrayLength(array);
    void* pinned = env->GetPrimitiveArrayCritical(array, nullptr);
    if (pinned == nullptr) return -1;
    const jint first = length > 0 ? static_cast<const jbyte*>(pinned)[0] : 0;
    env->ReleasePrimitiveArrayCritical(array, pinned, JNI_ABORT);
    return first;
}

// One GetByteArrayRegion of `length` bytes (at most 65536): the alternative to pinning.
JNIEXPORT void JNICALL Java_dev_libsharedmemory_bench_BenchNative_copyRegion(JNIEnv* env, jclass, jbyteArray array,
                                                                       jint length) {
    if (length < 0 || length > static_cast<jint>(sizeof region_target)) return;
    env->GetByteArrayRegion(array, 0, length, region_target);
}

}  // extern "C"
