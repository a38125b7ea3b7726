# Cross-build for linux-aarch64 (glibc) with Debian's g++-aarch64-linux-gnu:
#   cmake -S . -B target/cmake-linux-aarch64 --toolchain cmake/toolchains/linux-aarch64.cmake
# The JNI headers of the host JDK fit: jni_md.h is the same for every Linux architecture.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
set(CMAKE_FIND_ROOT_PATH /usr/aarch64-linux-gnu)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# Test and tool executables run under qemu-user (ctest uses this too).
find_program(LSM_QEMU_AARCH64 NAMES qemu-aarch64-static qemu-aarch64)
if(LSM_QEMU_AARCH64)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${LSM_QEMU_AARCH64};-L;/usr/aarch64-linux-gnu")
endif()
