// Segment names: what every platform accepts, and how a name becomes an OS object name.
#pragma once

#include <cstddef>
#include <string>

namespace lsm {

// The longest name (in bytes) we accept: what the OS allows, so that every segment a C++
// peer can create is reachable. POSIX shm names are "/" + name. macOS copies at most
// PSHMNAMLEN (31) bytes, the "/" included. Linux stores the name as a file in /dev/shm, so
// NAME_MAX (255) bytes (an older glibc may stop earlier: its ENAMETOOLONG is invalid_name too).
#if defined(__APPLE__)
inline constexpr std::size_t max_name_length = 30;
#elif defined(_WIN32)
inline constexpr std::size_t max_name_length = 200;  // keeps lsm_<name>.shm within MAX_PATH
#else
inline constexpr std::size_t max_name_length = 255;
#endif

// Throws Error(invalid_name) unless the name is non-empty, at most max_name_length
// bytes, and free of '/', '\\', NUL and control characters (C0, DEL and, UTF-8 encoded,
// C1: U+0080-U+009F). Names "." and ".." are refused: on POSIX they would name /dev/shm
// itself or its parent.
void validate_name(const std::string& name);

// Windows persistent file name part: every character below 0x20 and every one of
// \ / : * ? " < > | replaced by '_' (WIRE.md §1).
std::string windows_file_safe_name(const std::string& name);

}  // namespace lsm
