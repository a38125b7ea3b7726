# `cmake --install <build> --prefix <dir>` installs the C ABI as a library of its own: lsm_c.h, the
# shared library (core + C ABI, plus the JNI layer unless LSM_BUILD_JNI=OFF, which C callers
# never touch), a CMake package (find_package(libsharedmemory-java), target
# libsharedmemory-java::lsmjava) and a pkg-config file (libsharedmemory-java.pc).
# Included from jni/CMakeLists.txt once the lsmjava target exists.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(_lsm_package libsharedmemory-java)
set(_lsm_cmake_dir "${CMAKE_INSTALL_LIBDIR}/cmake/${_lsm_package}")

target_include_directories(lsmjava INTERFACE "$<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>")
install(TARGETS lsmjava EXPORT lsmjava_targets
        LIBRARY DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        ARCHIVE DESTINATION "${CMAKE_INSTALL_LIBDIR}"
        RUNTIME DESTINATION "${CMAKE_INSTALL_BINDIR}")
install(FILES "${PROJECT_SOURCE_DIR}/jni/c/lsm_c.h" DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}")
install(EXPORT lsmjava_targets NAMESPACE ${_lsm_package}:: FILE ${_lsm_package}Targets.cmake
        DESTINATION "${_lsm_cmake_dir}")

configure_package_config_file("${PROJECT_SOURCE_DIR}/cmake/install/${_lsm_package}Config.cmake.in"
  "${PROJECT_BINARY_DIR}/${_lsm_package}Config.cmake" INSTALL_DESTINATION "${_lsm_cmake_dir}")
write_basic_package_version_file("${PROJECT_BINARY_DIR}/${_lsm_package}ConfigVersion.cmake"
  COMPATIBILITY SameMinorVersion)
install(FILES "${PROJECT_BINARY_DIR}/${_lsm_package}Config.cmake"
              "${PROJECT_BINARY_DIR}/${_lsm_package}ConfigVersion.cmake"
        DESTINATION "${_lsm_cmake_dir}")

# Relocatable: the prefix is found from the .pc file's own place, so `cmake --install --prefix`
# (or moving the tree) needs no rewrite.
file(RELATIVE_PATH _lsm_pc_to_prefix "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
configure_file("${PROJECT_SOURCE_DIR}/cmake/install/${_lsm_package}.pc.in"
               "${PROJECT_BINARY_DIR}/${_lsm_package}.pc" @ONLY)
install(FILES "${PROJECT_BINARY_DIR}/${_lsm_package}.pc" DESTINATION "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
