// JNI for dev.libsharedmemory.BenchNative: a measuring aid for the benchmarks. nop() does
// nothing, so timing it gives the cost of one Java -> native -> Java transition, which the
// benchmark table prints next to the library's own calls.
#include <jni.h>

extern "C" {

JNIEXPORT void JNICALL Java_dev_libsharedmemory_BenchNative_nop(JNIEnv*, jclass) {}

}  // extern "C"
