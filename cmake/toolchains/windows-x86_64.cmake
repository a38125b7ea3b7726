# Cross-build for windows-x86_64 with Debian's g++-mingw-w64-x86-64:
#   cmake -S . -B target/cmake-windows-x86_64 --toolchain cmake/toolchains/windows-x86_64.cmake
# The posix thread model of mingw-w64 is preferred: GCC 12's win32 model lacks std::thread.
# Everything links statically (see jni/CMakeLists.txt): lsmjava.dll needs only system DLLs.
set(CMAKE_SYSTEM_NAME Windows)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
find_program(LSM_MINGW_CXX NAMES x86_64-w64-mingw32-g++-posix x86_64-w64-mingw32-g++ REQUIRED)
find_program(LSM_MINGW_CC NAMES x86_64-w64-mingw32-gcc-posix x86_64-w64-mingw32-gcc REQUIRED)
set(CMAKE_C_COMPILER "${LSM_MINGW_CC}")
set(CMAKE_CXX_COMPILER "${LSM_MINGW_CXX}")
set(CMAKE_RC_COMPILER x86_64-w64-mingw32-windres)
set(CMAKE_FIND_ROOT_PATH /usr/x86_64-w64-mingw32)
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
# Test and tool executables run under wine (ctest uses this too).
find_program(LSM_WINE NAMES wine64 wine)
if(LSM_WINE)
  set(CMAKE_CROSSCOMPILING_EMULATOR "${LSM_WINE}")
endif()
