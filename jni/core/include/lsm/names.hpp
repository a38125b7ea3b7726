// Segment names: what every platform accepts, and how a name becomes an OS object name.
#pragma once

#include <cstddef>
#include <string>

namespace lsm {

// The longest name we accept. POSIX shm names are "/" + name; macOS limits the whole
// to 31 characters (PSHMNAMLEN), Linux to NAME_MAX (255) as a file in /dev/shm.
#if defined(__APPLE__)
inline constexpr std::size_t max_name_length = 30;
#elif defined(_WIN32)
inline constexpr std::size_t max_name_length = 200;  // keeps lsm_<name>.shm within MAX_PATH
#else
inline constexpr std::size_t max_name_length = 254;
#endif

// Throws Error(invalid_name) unless the name is non-empty, at most max_name_length
// bytes, and free of '/', '\\', NUL and control characters. Names "." and ".." are
// refused: on POSIX they would name /dev/shm itself or its parent.
void validate_name(const std::string& name);

// Windows persistent file name part: every character below 0x20 and every one of
// \ / : * ? " < > | replaced by '_' (WIRE.md §1).
std::string windows_file_safe_name(const std::string& name);

}  // namespace lsm
