// JNI for dev.libsharedmemory.TakeOverLog: drains lsm/lock_events.hpp's log of take-overs.
#include "jni_support.hpp"

#include "lsm/lock_events.hpp"

extern "C" JNIEXPORT jobjectArray JNICALL Java_dev_libsharedmemory_TakeOverLog_drainNative(JNIEnv* env, jclass) {
    // {Object[] segment names (UTF-8 byte[]) and lock names (String), interleaved; long[] holder words
    // and times, interleaved}, or null when empty.
    return lsm::jni::guarded<jobjectArray>(env, nullptr, [&]() -> jobjectArray {
        const std::vector<lsm::TakeOver> drained = lsm::drain_take_overs();
        if (drained.empty()) return nullptr;
        const auto count = static_cast<jsize>(drained.size());
        jclass object_class = env->FindClass("java/lang/Object");
        if (object_class == nullptr) return nullptr;
        jobjectArray names = env->NewObjectArray(2 * count, object_class, nullptr);
        jlongArray numbers = env->NewLongArray(2 * count);
        if (names == nullptr || numbers == nullptr) return nullptr;
        for (jsize i = 0; i < count; ++i) {
            const lsm::TakeOver& entry = drained[static_cast<std::size_t>(i)];
            // The segment name as its UTF-8 bytes (JNI strings are modified UTF-8); the lock's name is ASCII.
            jbyteArray segment = lsm::jni::bytes_of(env, entry.segment);
            jstring lock = env->NewStringUTF(entry.lock.c_str());
            if (segment == nullptr || lock == nullptr) return nullptr;
            env->SetObjectArrayElement(names, 2 * i, segment);
            env->SetObjectArrayElement(names, 2 * i + 1, lock);
            env->DeleteLocalRef(segment);
            env->DeleteLocalRef(lock);
            const jlong pair[] = {static_cast<jlong>(entry.holder), static_cast<jlong>(entry.epoch_millis)};
            env->SetLongArrayRegion(numbers, 2 * i, 2, pair);
        }
        jobjectArray both = env->NewObjectArray(2, object_class, nullptr);
        if (both == nullptr) return nullptr;
        env->SetObjectArrayElement(both, 0, names);
        env->SetObjectArrayElement(both, 1, numbers);
        return both;
    });
}
