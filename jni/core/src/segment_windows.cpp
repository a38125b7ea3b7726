// Windows segments (WIRE.md §1).
//
// persistent:     the file %PROGRAMDATA%\shared_memory\lsm_<name'>.shm (name' = the name with
//                 characters Windows refuses in file names replaced by '_'), mapped through an
//                 unnamed file mapping. It outlives every process until destroy() deletes it.
// not persistent: a named, pagefile-backed mapping. Windows removes it with its last handle
//                 or view: there is nothing to unlink, and nobody can replace it while in use.
//
// Both sides must agree on `persistent`: on Windows it selects the kind of OS object.
#if defined(_WIN32)

#include <windows.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <utility>

#include "lsm/error.hpp"
#include "lsm/names.hpp"
#include "lsm/segment.hpp"

namespace lsm {
namespace {

ErrorCode code_for_windows_error(DWORD error) {
    switch (error) {
        case ERROR_FILE_NOT_FOUND:
        case ERROR_PATH_NOT_FOUND: return ErrorCode::not_found;
        case ERROR_ACCESS_DENIED:
        case ERROR_SHARING_VIOLATION:
        case ERROR_LOCK_VIOLATION:
        case ERROR_USER_MAPPED_FILE: return ErrorCode::access_denied;
        case ERROR_DISK_FULL:
        case ERROR_HANDLE_DISK_FULL:
        case ERROR_NOT_ENOUGH_MEMORY:
        case ERROR_OUTOFMEMORY:
        case ERROR_COMMITMENT_LIMIT: return ErrorCode::no_space;
        case ERROR_INVALID_NAME:
        case ERROR_BAD_PATHNAME:
        case ERROR_FILENAME_EXCED_RANGE: return ErrorCode::invalid_name;
        case ERROR_INVALID_PARAMETER: return ErrorCode::invalid_argument;
        default: return ErrorCode::io;
    }
}

std::string windows_error_text(DWORD error) {
    char* text = nullptr;
    const DWORD length = FormatMessageA(
        FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr, error,
        MAKELANGID(LANG_NEUTRAL, SUBLANG_DEFAULT), reinterpret_cast<char*>(&text), 0, nullptr);
    std::string message = length > 0 && text != nullptr ? std::string(text, length) : "unknown error";
    if (text != nullptr) LocalFree(text);
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r' || message.back() == ' ' ||
                                message.back() == '.'))
        message.pop_back();
    return message;
}

// "<what> '<name>': <Windows text> (Windows error N)", with the matching ErrorCode.
[[noreturn]] void throw_windows_error(const std::string& what, const std::string& name, DWORD error) {
    throw Error(code_for_windows_error(error),
                what + " '" + name + "': " + windows_error_text(error) + " (Windows error " + std::to_string(error) + ")");
}

void require_positive(std::size_t size, const std::string& name) {
    if (size == 0) throw Error(ErrorCode::invalid_size, "segment '" + name + "': size must be greater than 0");
    if (size > static_cast<std::size_t>(INT64_MAX))
        throw Error(ErrorCode::invalid_size, "segment '" + name + "': size " + std::to_string(size) + " is too large");
}

DWORD high_part(std::size_t size) { return static_cast<DWORD>(static_cast<std::uint64_t>(size) >> 32); }
DWORD low_part(std::size_t size) { return static_cast<DWORD>(static_cast<std::uint64_t>(size) & 0xffffffffu); }

// %PROGRAMDATA%\shared_memory (C:\ProgramData when the variable is missing).
std::string segment_directory() {
    char buffer[MAX_PATH];
    const DWORD length = GetEnvironmentVariableA("PROGRAMDATA", buffer, sizeof buffer);
    std::string base = length > 0 && length < sizeof buffer ? std::string(buffer, length) : "C:\\ProgramData";
    return base + "\\shared_memory";
}

std::string file_path(const std::string& name) {
    return segment_directory() + "\\lsm_" + windows_file_safe_name(name) + ".shm";
}

// A file that was renamed out of the way to be deleted once nobody maps it any more.
const char* const aside_suffix = ".deleted";

// Deletes files that earlier move_aside() calls could not delete at once. Quiet: a file
// still mapped somewhere stays until a later sweep.
void sweep_aside_files(const std::string& directory) {
    WIN32_FIND_DATAA found;
    HANDLE search = FindFirstFileA((directory + "\\lsm_*" + aside_suffix).c_str(), &found);
    if (search == INVALID_HANDLE_VALUE) return;
    do {
        DeleteFileA((directory + "\\" + found.cFileName).c_str());
    } while (FindNextFileA(search, &found));
    FindClose(search);
}

// Takes an existing file's name away at once, as POSIX unlink does: processes that map it
// keep their (now nameless) file, the name is free for a new one. The renamed file is
// deleted now, or when its last handle closes, or by a later sweep. Returns the rename's
// error (ERROR_SUCCESS when the name is free).
DWORD move_aside(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    const std::string aside = path + "." + std::to_string(GetCurrentProcessId()) + "-" +
                              std::to_string(GetTickCount64()) + "-" + std::to_string(counter++) + aside_suffix;
    if (!MoveFileExA(path.c_str(), aside.c_str(), 0)) return GetLastError();
    DeleteFileA(aside.c_str());
    return ERROR_SUCCESS;
}

bool in_use_error(DWORD error) {
    return error == ERROR_USER_MAPPED_FILE || error == ERROR_SHARING_VIOLATION || error == ERROR_ACCESS_DENIED ||
           error == ERROR_LOCK_VIOLATION;
}

HANDLE open_file(const std::string& path, DWORD disposition) {
    return CreateFileA(path.c_str(), GENERIC_READ | GENERIC_WRITE,
                       FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,  // others may map, replace, delete
                       nullptr, disposition, FILE_ATTRIBUTE_NORMAL, nullptr);
}

struct FileIdentity {
    std::uint64_t volume = 0;
    std::uint64_t high = 0;  // the 128-bit file id's halves
    std::uint64_t low = 0;
    bool operator==(const FileIdentity&) const = default;
};

// The 128-bit id where the file system has one (FileIdInfo, Windows 8 and later: unique on ReFS
// too), else the 64-bit file index. Every process asks the same way on one machine.
bool identity_of(HANDLE file, FileIdentity& identity) {
    FILE_ID_INFO id;
    if (GetFileInformationByHandleEx(file, FileIdInfo, &id, sizeof id)) {
        std::uint64_t halves[2];  // little-endian: the first eight bytes are the low half
        static_assert(sizeof halves == sizeof id.FileId.Identifier);
        std::memcpy(halves, id.FileId.Identifier, sizeof halves);
        identity = {id.VolumeSerialNumber, halves[1], halves[0]};
        return true;
    }
    BY_HANDLE_FILE_INFORMATION info;
    if (!GetFileInformationByHandle(file, &info)) return false;
    identity = {info.dwVolumeSerialNumber, 0, (static_cast<std::uint64_t>(info.nFileIndexHigh) << 32) | info.nFileIndexLow};
    return true;
}

// Closes a handle on the failure paths of create and open.
struct HandleCloser {
    HANDLE handle = nullptr;
    ~HandleCloser() {
        if (handle != nullptr && handle != INVALID_HANDLE_VALUE) CloseHandle(handle);
    }
    HANDLE release() { return std::exchange(handle, nullptr); }
};

std::byte* map_view(HANDLE mapping, std::size_t size, const std::string& name) {
    void* view = MapViewOfFile(mapping, FILE_MAP_ALL_ACCESS, 0, 0, size);
    if (view == nullptr) throw_windows_error("cannot map segment", name, GetLastError());
    return static_cast<std::byte*>(view);
}

// The size of a section (a named mapping), exactly as it was created: NtQuerySection from
// ntdll (no Win32 equivalent). Falls back to the mapped region, rounded up to whole pages.
std::size_t section_size(HANDLE mapping, const void* view) {
    struct SectionBasicInformation {
        void* base_address;
        ULONG attributes;
        LARGE_INTEGER maximum_size;
    };
    using NtQuerySectionFn = LONG(NTAPI*)(HANDLE, int, void*, SIZE_T, SIZE_T*);
    static const auto query = reinterpret_cast<NtQuerySectionFn>(
        reinterpret_cast<void*>(GetProcAddress(GetModuleHandleA("ntdll.dll"), "NtQuerySection")));
    SectionBasicInformation info{};
    if (query != nullptr && query(mapping, 0 /* SectionBasicInformation */, &info, sizeof info, nullptr) >= 0)
        return static_cast<std::size_t>(info.maximum_size.QuadPart);
    MEMORY_BASIC_INFORMATION region{};
    if (view != nullptr && VirtualQuery(view, &region, sizeof region) != 0) return region.RegionSize;
    return 0;
}

// Deletes a file this call created when the call fails before it is done.
struct FileRollback {
    const std::string& path;
    HandleCloser& file;
    bool armed = true;
    ~FileRollback() {
        if (!armed) return;
        CloseHandle(file.release());
        DeleteFileA(path.c_str());
    }
};

// Sets a file's length (`failure` names the step in the error). It allocates the whole length
// now: a full disk fails here, not in a later write through the view.
void set_file_length(HANDLE file, std::size_t size, const std::string& name, const char* failure) {
    LARGE_INTEGER length;
    length.QuadPart = static_cast<LONGLONG>(size);
    if (!SetFilePointerEx(file, length, nullptr, FILE_BEGIN) || !SetEndOfFile(file))
        throw_windows_error(failure, name, GetLastError());
}

// Creates (or opens: GetLastError() is ERROR_ALREADY_EXISTS right after) the pagefile-backed
// section of a non-persistent segment, `size` bytes; null on failure (GetLastError() says why).
HANDLE create_section(std::size_t size, const std::string& name) {
    return CreateFileMappingA(INVALID_HANDLE_VALUE, nullptr, PAGE_READWRITE, high_part(size), low_part(size),
                              name.c_str());
}

void validate_create(const std::string& name, std::size_t size, unsigned mode) {
    validate_name(name);
    require_positive(size, name);
    // The POSIX mode has no Windows meaning (files inherit the ACL of the directory), but a
    // caller's mistake is reported the same on every platform.
    if (mode > 0777) throw Error(ErrorCode::invalid_argument, "segment '" + name + "': mode must be within 0777");
}

// The directory of persistent segment files, created if missing.
std::string ensure_segment_directory(const std::string& name) {
    std::string directory = segment_directory();
    if (!CreateDirectoryA(directory.c_str(), nullptr) && GetLastError() != ERROR_ALREADY_EXISTS)
        throw_windows_error("cannot create directory " + directory + " for segment", name, GetLastError());
    return directory;
}

[[noreturn]] void throw_too_small(const std::string& name, std::size_t actual, std::size_t size) {
    throw Error(ErrorCode::invalid_size, "segment '" + name + "' is " + std::to_string(actual) +
                                             " bytes, smaller than the " + std::to_string(size) + " bytes requested");
}

}  // namespace

Segment Segment::create(const std::string& name, std::size_t size, bool persistent, unsigned mode) {
    validate_create(name, size, mode);

    Segment segment(name, size, persistent);
    if (persistent) {
        const std::string directory = ensure_segment_directory(name);
        sweep_aside_files(directory);
        const std::string path = file_path(name);
        // Upstream semantics: create replaces (CREATE_ALWAYS truncates to 0, so the new
        // length reads as zeros). A file that another process maps cannot be truncated:
        // then its name is taken away from it, like POSIX create unlinks first.
        HandleCloser file{open_file(path, CREATE_ALWAYS)};
        if (file.handle == INVALID_HANDLE_VALUE) {
            const DWORD error = GetLastError();
            if (!in_use_error(error) || move_aside(path) != ERROR_SUCCESS)
                throw_windows_error("cannot create segment", name, error);
            file.handle = open_file(path, CREATE_NEW);
            if (file.handle == INVALID_HANDLE_VALUE) throw_windows_error("cannot create segment", name, GetLastError());
        }
        FileRollback rollback{path, file};  // from here on a failure deletes the half-created file
        set_file_length(file.handle, size, name, "cannot size segment");
        segment.map_file(file.handle);
        rollback.armed = false;
    } else {
        // A pagefile-backed section commits its whole size here (no_space if it cannot).
        HandleCloser mapping{create_section(size, name)};
        if (mapping.handle == nullptr) throw_windows_error("cannot create segment", name, GetLastError());
        const bool existed = GetLastError() == ERROR_ALREADY_EXISTS;
        if (existed) {
            // Another process holds a mapping of that name: Windows hands out the same object
            // (it cannot be replaced while in use). Use it if it is large enough, zeroed as
            // a created segment must be.
            const std::size_t actual = section_size(mapping.handle, nullptr);
            if (actual != 0 && actual < size) throw_too_small(name, actual, size);
        }
        segment.data_ = map_view(mapping.handle, size, name);
        if (existed) std::memset(segment.data_, 0, size);
        segment.mapping_ = mapping.release();
    }
    segment.created_ = true;
    return segment;
}

void Segment::map_file(void*& file) {
    HandleCloser mapping{CreateFileMappingA(file, nullptr, PAGE_READWRITE, 0, 0, nullptr)};
    if (mapping.handle == nullptr) throw_windows_error("cannot map segment", name_, GetLastError());
    data_ = map_view(mapping.handle, size_, name_);
    FileIdentity identity;
    identity_of(file, identity);
    volume_serial_ = identity.volume;
    file_id_high_ = identity.high;
    file_id_low_ = identity.low;
    mapping_ = mapping.release();
    file_ = std::exchange(file, nullptr);
}

Segment Segment::open_or_create(const std::string& name, std::size_t size, bool persistent, unsigned mode,
                                std::chrono::nanoseconds wait) {
    validate_create(name, size, mode);
    Segment segment(name, size, persistent);
    if (persistent) {
        ensure_segment_directory(name);
        const std::string path = file_path(name);
        // CREATE_NEW, then OPEN_EXISTING, as POSIX O_EXCL: exactly one caller gets the new
        // (empty) file. (OPEN_ALWAYS's ERROR_ALREADY_EXISTS is not exact under wine.)
        HandleCloser file{open_file(path, CREATE_NEW)};
        segment.created_ = file.handle != INVALID_HANDLE_VALUE;
        while (file.handle == INVALID_HANDLE_VALUE) {
            DWORD error = GetLastError();
            if (error != ERROR_FILE_EXISTS) throw_windows_error("cannot create segment", name, error);
            file.handle = open_file(path, OPEN_EXISTING);
            if (file.handle != INVALID_HANDLE_VALUE) break;
            error = GetLastError();
            if (error != ERROR_FILE_NOT_FOUND) throw_windows_error("cannot open segment", name, error);
            file.handle = open_file(path, CREATE_NEW);  // removed since: try to create it again
            segment.created_ = file.handle != INVALID_HANDLE_VALUE;
        }
        FileRollback rollback{path, file, segment.created_};
        if (segment.created_) {
            set_file_length(file.handle, size, name, "cannot size segment");
        } else {
            // Its creator sizes it right after creating it: wait for that, bounded.
            const auto deadline = std::chrono::steady_clock::now() + wait;
            LARGE_INTEGER actual{};
            while (GetFileSizeEx(file.handle, &actual) && actual.QuadPart == 0) {
                if (std::chrono::steady_clock::now() >= deadline)
                    throw Error(ErrorCode::corrupt, "segment '" + name + "' exists but is still 0 bytes: its creator " +
                                                        "died before sizing it. Remove the name and retry");
                Sleep(1);
            }
            if (static_cast<unsigned long long>(actual.QuadPart) != size)
                throw Error(ErrorCode::invalid_size, "segment '" + name + "' exists with " +
                                                         std::to_string(actual.QuadPart) + " bytes, not the " +
                                                         std::to_string(size) + " bytes requested");
        }
        segment.map_file(file.handle);
        rollback.armed = false;
    } else {
        // A named section is created or opened atomically, and sized at once by its creator.
        HandleCloser mapping{create_section(size, name)};
        if (mapping.handle == nullptr) throw_windows_error("cannot open or create segment", name, GetLastError());
        segment.created_ = GetLastError() != ERROR_ALREADY_EXISTS;
        if (!segment.created_) {
            const std::size_t actual = section_size(mapping.handle, nullptr);
            if (actual != 0 && actual != size)
                throw Error(ErrorCode::invalid_size, "segment '" + name + "' exists with " + std::to_string(actual) +
                                                         " bytes, not the " + std::to_string(size) + " bytes requested");
        }
        segment.data_ = map_view(mapping.handle, size, name);
        segment.mapping_ = mapping.release();
    }
    return segment;
}

Segment Segment::open_mapping(const std::string& name, std::size_t size, bool persistent, bool whole_object) {
    validate_name(name);
    if (!whole_object) require_positive(size, name);
    Segment segment(name, 0, persistent);
    segment.destroyed_ = true;  // opening never removes anything
    if (persistent) {
        HandleCloser file{open_file(file_path(name), OPEN_EXISTING)};
        if (file.handle == INVALID_HANDLE_VALUE) {
            const DWORD error = GetLastError();
            if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND)
                throw Error(ErrorCode::not_found, "no shared memory segment named '" + name + "'");
            throw_windows_error("cannot open segment", name, error);
        }
        LARGE_INTEGER actual;
        if (!GetFileSizeEx(file.handle, &actual)) throw_windows_error("cannot inspect segment", name, GetLastError());
        if (whole_object) {
            size = static_cast<std::size_t>(actual.QuadPart);
            if (size == 0) throw_too_small(name, 0, 1);
        } else if (static_cast<std::uint64_t>(actual.QuadPart) < size) {
            // WIRE.md §1: open grows a shorter file to the size asked for (the new bytes are zeros).
            set_file_length(file.handle, size, name, "cannot grow segment");
        }
        segment.size_ = size;
        segment.map_file(file.handle);
    } else {
        HandleCloser mapping{OpenFileMappingA(FILE_MAP_ALL_ACCESS, FALSE, name.c_str())};
        if (mapping.handle == nullptr) {
            const DWORD error = GetLastError();
            if (error == ERROR_FILE_NOT_FOUND)
                throw Error(ErrorCode::not_found, "no shared memory segment named '" + name + "'");
            throw_windows_error("cannot open segment", name, error);
        }
        const std::size_t actual = section_size(mapping.handle, nullptr);
        if (whole_object) {
            size = actual;
            if (size == 0) throw_too_small(name, 0, 1);
        } else if (actual != 0 && actual < size) {
            throw_too_small(name, actual, size);
        }
        segment.data_ = map_view(mapping.handle, size, name);
        segment.mapping_ = mapping.release();
    }
    segment.size_ = size;
    segment.destroyed_ = false;
    return segment;
}

Segment Segment::open(const std::string& name, std::size_t size, bool persistent) {
    return open_mapping(name, size, persistent, false);
}

Segment Segment::open_existing(const std::string& name, bool persistent) {
    return open_mapping(name, 0, persistent, true);
}

// Removes a persistent segment's file. Named mappings have no name to remove: they go with
// their last handle.
bool Segment::remove(const std::string& name) {
    validate_name(name);
    const std::string path = file_path(name);
    const DWORD moved = move_aside(path);
    if (moved == ERROR_SUCCESS) return true;
    if (moved == ERROR_FILE_NOT_FOUND || moved == ERROR_PATH_NOT_FOUND) return false;
    // The rename was refused (a process opened the file without FILE_SHARE_DELETE): delete
    // it in place, or at the next reboot (WIRE.md §1).
    if (DeleteFileA(path.c_str())) return true;
    const DWORD error = GetLastError();
    if (error == ERROR_FILE_NOT_FOUND) return false;
    if (MoveFileExA(path.c_str(), nullptr, MOVEFILE_DELAY_UNTIL_REBOOT)) return true;
    throw_windows_error("cannot remove segment", name, error);
}

void Segment::unmap_view(void* data, std::size_t) noexcept {
    if (data != nullptr) UnmapViewOfFile(data);
}

void Segment::close(ViewOnClose view) noexcept {
    if (data_ != nullptr) {
        // Windows cannot swap a view for private pages atomically: detach keeps the view
        // mapped (and shared) until unmap_view(), like keep.
        if (view == ViewOnClose::unmap) UnmapViewOfFile(data_);
        data_ = nullptr;
    }
    release_os_handles();
}

void Segment::release_os_handles() noexcept {
    if (mapping_ != nullptr) CloseHandle(static_cast<HANDLE>(mapping_));
    if (file_ != nullptr) CloseHandle(static_cast<HANDLE>(file_));
    mapping_ = nullptr;
    file_ = nullptr;
}

void Segment::destroy() {
    destroyed_ = true;
    if (persistent_) remove(name_);
}

bool Segment::is_stale() const {
    if (!persistent_) {
        // A named mapping cannot be replaced or removed while a handle holds it.
        if (mapping_ != nullptr) return false;
        HANDLE mapping = OpenFileMappingA(FILE_MAP_READ, FALSE, name_.c_str());
        if (mapping == nullptr) return GetLastError() == ERROR_FILE_NOT_FOUND;
        CloseHandle(mapping);
        return false;
    }
    const FileIdentity mapped{volume_serial_, file_id_high_, file_id_low_};
    if (mapped == FileIdentity{}) return false;
    HANDLE file = CreateFileA(file_path(name_).c_str(), 0, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                              nullptr, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) {
        const DWORD error = GetLastError();
        if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND) return true;
        throw_windows_error("cannot inspect segment", name_, error);
    }
    FileIdentity identity;
    const bool same = identity_of(file, identity) && identity == mapped;
    CloseHandle(file);
    return !same;
}

// A section cannot shrink while a view of it is mapped: the size stays what was mapped.
std::uint64_t Segment::backing_size() const noexcept { return size_; }

Segment::Segment(Segment&& other) noexcept
    : name_(std::move(other.name_)),
      data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      persistent_(other.persistent_),
      destroyed_(std::exchange(other.destroyed_, true)),
      created_(other.created_),
      file_(std::exchange(other.file_, nullptr)),
      mapping_(std::exchange(other.mapping_, nullptr)),
      volume_serial_(other.volume_serial_),
      file_id_high_(other.file_id_high_),
      file_id_low_(other.file_id_low_) {}

Segment::~Segment() {
    // A named mapping disappears with its last handle or view; a persistent file stays.
    close();
}

}  // namespace lsm
#endif
