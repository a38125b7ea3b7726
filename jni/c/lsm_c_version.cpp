// lsm_version(): the project version CMake passes in (the top-level project(... VERSION)).
#include "lsm_c.h"

#ifndef LSM_VERSION_STRING
#error "LSM_VERSION_STRING is defined by jni/CMakeLists.txt from the project version"
#endif

extern "C" const char* lsm_version(void) { return LSM_VERSION_STRING; }
