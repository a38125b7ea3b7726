// JNI for dev.libsharedmemory.WaitNative: what the platform offers for sleeping waits.
#include <jni.h>

#include "lsm/address_wait.hpp"

extern "C" {

JNIEXPORT jboolean JNICALL Java_dev_libsharedmemory_WaitNative_addressWaitsSupported(JNIEnv*, jclass) {
    return lsm::address_waits_supported() ? JNI_TRUE : JNI_FALSE;
}

}  // extern "C"
