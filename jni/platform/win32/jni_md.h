/* jni_md.h for Windows targets, used when the build machine's JDK has none (a
 * cross-build from Linux with mingw-w64). It defines what jni.h leaves to the platform:
 * how JNI functions are exported and called, and the machine-dependent Java types. */
#ifndef LSM_WIN32_JNI_MD_H
#define LSM_WIN32_JNI_MD_H

/* The JVM finds our Java_* functions by name in the DLL's export table. */
#define JNIEXPORT __declspec(dllexport)
#define JNIIMPORT __declspec(dllimport)
/* The JNI calling convention on Windows (it only matters on 32-bit x86). */
#define JNICALL __stdcall

/* On Windows (LLP64) long is 32 bits: jint is long, jlong a 64-bit integer. */
typedef long jint;
typedef long long jlong;
typedef signed char jbyte;

#endif
