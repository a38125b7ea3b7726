// JNI for dev.libsharedmemory.BufferNative: the address of a direct ByteBuffer, asked once per
// buffer (the address of a direct buffer never changes) so that hot calls pass it as a jlong
// instead of calling GetDirectBufferAddress/Capacity back into the JVM every time.
#include "jni_support.hpp"

extern "C" {

// The buffer's base address, or 0 when it is not a direct buffer.
JNIEXPORT jlong JNICALL Java_dev_libsharedmemory_BufferNative_address(JNIEnv* env, jclass, jobject buffer) {
    void* address = env->GetDirectBufferAddress(buffer);
    return static_cast<jlong>(reinterpret_cast<std::intptr_t>(address));
}

}  // extern "C"
