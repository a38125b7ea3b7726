// POSIX segments (Linux, macOS): shm_open("/" + name), ftruncate, mmap MAP_SHARED, close.
#if !defined(_WIN32)

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <utility>

#include "lsm/error.hpp"
#include "lsm/names.hpp"
#include "lsm/segment.hpp"

namespace lsm {
namespace {

std::string os_name(const std::string& name) { return "/" + name; }

void require_positive(std::size_t size, const std::string& name) {
    if (size == 0) throw Error(ErrorCode::invalid_size, "segment '" + name + "': size must be greater than 0");
    if (size > static_cast<std::size_t>(INT64_MAX))
        throw Error(ErrorCode::invalid_size, "segment '" + name + "': size " + std::to_string(size) + " is too large");
}

// Owns a descriptor for the length of one create or open: a segment needs none once it is
// mapped (the mapping keeps the object alive), so none outlives the call.
struct Descriptor {
    int fd;
    ~Descriptor() {
        if (fd >= 0) ::close(fd);
    }
};

// Removes the name on the failure paths of create(), so that nothing half-created is left behind.
struct CreateRollback {
    const std::string& path;
    bool armed = true;
    ~CreateRollback() {
        if (armed) ::shm_unlink(path.c_str());
    }
};

// shm_open never follows a symbolic link (glibc: O_NOFOLLOW); say so instead of "Too many
// levels of symbolic links". A refusal, not a bad name: the same name works once the link is gone.
[[noreturn]] void throw_open_error(const std::string& what, const std::string& name, int os_error) {
    if (os_error == ELOOP)
        throw Error(ErrorCode::access_denied, what + " '" + name + "': /dev/shm/" + name +
                                                  " is a symbolic link, and shared memory names never follow one" +
                                                  " (errno " + std::to_string(os_error) + ")");
    throw_os_error(what, name, os_error);
}

// Linux: tmpfs allocates a page on its first touch, read or write, and a full /dev/shm turns
// that touch into SIGBUS. Reserving [0, size) now makes it fail here, with no_space.
// FALLOC_FL_KEEP_SIZE: never changes the size; fallocate never changes a byte of content
// (unlike posix_fallocate's fallback, which writes zeros where it reads them: a peer's
// concurrent write could be lost). On ENOSPC tmpfs releases what this call reserved.
// Other systems: macOS backs a shm object with memory when it is sized.
void reserve_pages(int fd, const struct stat& st, std::size_t size, const std::string& name) {
#if defined(__linux__)
    // Every page allocated already (a segment we created, or one wholly touched): skip the
    // call, which walks every page even then (~0.4 ms per MiB). Blocks a peer preallocated
    // beyond the end could hide a hole from this test: like shrinking the object (README
    // "Limits"), that takes a process allowed to open the segment.
    if (static_cast<std::uint64_t>(st.st_blocks) * 512 >= static_cast<std::uint64_t>(st.st_size)) return;
    int result;
    do {
        result = ::fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, static_cast<off_t>(size));
    } while (result != 0 && errno == EINTR);
    // A file system without fallocate cannot reserve: first touches stay as they were.
    if (result != 0 && errno != EOPNOTSUPP && errno != ENOSYS && errno != EINVAL)
        throw_os_error("cannot reserve " + std::to_string(size) + " bytes for segment", name, errno);
#else
    (void)fd, (void)st, (void)size, (void)name;
#endif
}

std::byte* map_shared(int fd, std::size_t size, const std::string& name) {
    void* addr = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (addr == MAP_FAILED) throw_os_error("cannot map segment", name, errno);
    return static_cast<std::byte*>(addr);
}

// Sizes, reserves and maps an object this process just made with O_EXCL; fills `st`.
// On failure the caller's rollback removes the name.
std::byte* initialise_new(int fd, const std::string& name, std::size_t size, unsigned mode, struct stat& st) {
#if !defined(__APPLE__)
    // shm_open applies the umask; set the mode the caller asked for exactly. (macOS has no
    // chmod for shm objects — fchmod fails with EINVAL — so there the umask applies.)
    if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) throw_os_error("cannot set mode of segment", name, errno);
#endif
    // The object is new (O_EXCL), so this is its first and only ftruncate: macOS refuses to
    // resize an object that already has a size. macOS also rounds the size up to whole pages.
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0) throw_os_error("cannot size segment", name, errno);
    if (::fstat(fd, &st) != 0) throw_os_error("cannot inspect segment", name, errno);
    reserve_pages(fd, st, size, name);
    return map_shared(fd, size, name);
}

void validate_create(const std::string& name, std::size_t size, unsigned mode) {
    validate_name(name);
    require_positive(size, name);
    if (mode > 0777) throw Error(ErrorCode::invalid_argument, "segment '" + name + "': mode must be within 0777");
}

// Whether an existing object of `actual` bytes is what open_or_create(size) would have made:
// exactly `size` (macOS: `size` rounded up to whole pages).
bool same_size(std::uint64_t actual, std::size_t size) {
#if defined(__APPLE__)
    const auto page = static_cast<std::uint64_t>(::getpagesize());
    return actual >= size && actual < size + page;
#else
    return actual == size;
#endif
}

}  // namespace

Segment Segment::mapped(const std::string& name, std::size_t size, bool persistent, std::byte* data,
                        std::uint64_t device, std::uint64_t inode, bool created) {
    Segment segment(name, size, persistent);
    segment.data_ = data;
    segment.created_ = created;
    segment.device_ = device;
    segment.inode_ = inode;
    return segment;
}

Segment Segment::initialise_created(int fd, const std::string& name, std::size_t size, bool persistent,
                                   unsigned mode) {
    const std::string path = os_name(name);
    CreateRollback rollback{path};
    struct stat st {};
    std::byte* data = initialise_new(fd, name, size, mode, st);
    Segment segment = mapped(name, size, persistent, data, st.st_dev, st.st_ino, true);
    rollback.armed = false;
    return segment;
}

Segment Segment::create(const std::string& name, std::size_t size, bool persistent, unsigned mode) {
    validate_create(name, size, mode);
    const std::string path = os_name(name);

    Descriptor descriptor{-1};
    for (int attempt = 0; descriptor.fd < 0; ++attempt) {
        // Upstream semantics: create replaces. ENOENT is fine, anything else fails.
        if (::shm_unlink(path.c_str()) != 0 && errno != ENOENT) throw_os_error("cannot replace segment", name, errno);
        descriptor.fd = ::shm_open(path.c_str(), O_CREAT | O_EXCL | O_RDWR, static_cast<mode_t>(mode));
        if (descriptor.fd < 0 && (errno != EEXIST || attempt == 3)) throw_open_error("cannot create segment", name, errno);
    }
    return initialise_created(descriptor.fd, name, size, persistent, mode);
}

Segment Segment::open_or_create(const std::string& name, std::size_t size, bool persistent, unsigned mode,
                                std::chrono::nanoseconds wait) {
    validate_create(name, size, mode);
    const std::string path = os_name(name);
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
        Descriptor created{::shm_open(path.c_str(), O_CREAT | O_EXCL | O_RDWR, static_cast<mode_t>(mode))};
        if (created.fd >= 0) return initialise_created(created.fd, name, size, persistent, mode);
        if (errno != EEXIST) throw_open_error("cannot create segment", name, errno);
        const Descriptor existing{::shm_open(path.c_str(), O_RDWR, 0)};
        if (existing.fd < 0) {
            if (errno == ENOENT) continue;  // removed since: try to create it again
            throw_open_error("cannot open segment", name, errno);
        }
        struct stat st {};
        if (::fstat(existing.fd, &st) != 0) throw_os_error("cannot inspect segment", name, errno);
        if (st.st_size == 0) {
            // Its creator has not sized it yet (ftruncate follows shm_open): wait, bounded.
            if (std::chrono::steady_clock::now() >= deadline)
                throw Error(ErrorCode::corrupt,
                            "segment '" + name + "' exists but is still 0 bytes after " +
                                std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(wait).count()) +
                                " ms: its creator died before sizing it. Remove the name and retry");
            ::usleep(1000);
            continue;
        }
        if (!same_size(static_cast<std::uint64_t>(st.st_size), size))
            throw Error(ErrorCode::invalid_size, "segment '" + name + "' exists with " + std::to_string(st.st_size) +
                                                     " bytes, not the " + std::to_string(size) + " bytes requested");
        reserve_pages(existing.fd, st, size, name);
        return mapped(name, size, persistent, map_shared(existing.fd, size, name), st.st_dev, st.st_ino, false);
    }
}

Segment Segment::open_mapping(const std::string& name, std::size_t size, bool persistent, bool whole_object) {
    validate_name(name);
    if (!whole_object) require_positive(size, name);
    const Descriptor descriptor{::shm_open(os_name(name).c_str(), O_RDWR, 0)};
    if (descriptor.fd < 0) {
        if (errno == ENOENT) throw Error(ErrorCode::not_found, "no shared memory segment named '" + name + "'");
        throw_open_error("cannot open segment", name, errno);
    }
    struct stat st {};
    if (::fstat(descriptor.fd, &st) != 0) throw_os_error("cannot inspect segment", name, errno);
    const auto actual = static_cast<std::size_t>(st.st_size);
    if (whole_object) size = actual;
    // Mapping past the end of the object would turn every access there into SIGBUS.
    if (size == 0 || actual < size)
        throw Error(ErrorCode::invalid_size, "segment '" + name + "' is " + std::to_string(actual) +
                                                 " bytes, smaller than the " + std::to_string(size) +
                                                 " bytes requested");
    reserve_pages(descriptor.fd, st, size, name);
    std::byte* data = map_shared(descriptor.fd, size, name);
    // Built only now: a Segment that failed half-way must not remove a name it merely opened.
    return mapped(name, size, persistent, data, st.st_dev, st.st_ino, false);
}

Segment Segment::open(const std::string& name, std::size_t size, bool persistent) {
    return open_mapping(name, size, persistent, false);
}

Segment Segment::open_existing(const std::string& name, bool persistent) {
    return open_mapping(name, 0, persistent, true);
}

bool Segment::remove(const std::string& name) {
    validate_name(name);
    if (::shm_unlink(os_name(name).c_str()) == 0) return true;
    if (errno == ENOENT) return false;
    throw_os_error("cannot remove segment", name, errno);
}

void Segment::unmap_view(void* data, std::size_t size) noexcept {
    if (data != nullptr) ::munmap(data, size);
}

void Segment::close(ViewOnClose view) noexcept {
    if (data_ != nullptr) {
        switch (view) {
            case ViewOnClose::unmap: ::munmap(data_, size_); break;
            case ViewOnClose::detach:
                // MAP_FIXED swaps the pages atomically: a concurrent reader sees either the
                // segment or zeros, never an unmapped hole.
                ::mmap(data_, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
                break;
            case ViewOnClose::keep: break;
        }
        data_ = nullptr;
    }
}

void Segment::destroy() {
    destroyed_ = true;
    if (::shm_unlink(os_name(name_).c_str()) != 0 && errno != ENOENT)
        throw_os_error("cannot destroy segment", name_, errno);
}

bool Segment::is_stale() const {
#if defined(__APPLE__)
    // macOS reports no device or inode for shm objects: only a removed name is detectable,
    // not one that was re-created.
    const int fd = ::shm_open(os_name(name_).c_str(), O_RDONLY, 0);
    if (fd < 0) return errno == ENOENT;
    ::close(fd);
    return false;
#else
    if (device_ == 0 && inode_ == 0) return false;
    const int fd = ::shm_open(os_name(name_).c_str(), O_RDONLY, 0);
    if (fd < 0) return errno == ENOENT || errno == ELOOP;  // removed, or replaced by a symbolic link
    struct stat st {};
    const bool same = ::fstat(fd, &st) == 0 && static_cast<std::uint64_t>(st.st_dev) == device_ &&
                      static_cast<std::uint64_t>(st.st_ino) == inode_;
    ::close(fd);
    return !same;
#endif
}

std::uint64_t Segment::backing_size() const noexcept {
    // No descriptor is kept after mapping: look the object up by name again (only on the
    // failure path), and trust its size only while the name still leads to our object.
    const int fd = ::shm_open(os_name(name_).c_str(), O_RDONLY, 0);
    if (fd < 0) return size_;
    struct stat st {};
    const bool ours = ::fstat(fd, &st) == 0 && static_cast<std::uint64_t>(st.st_dev) == device_ &&
                      static_cast<std::uint64_t>(st.st_ino) == inode_;
    ::close(fd);
    return ours ? static_cast<std::uint64_t>(st.st_size) : size_;
}

Segment::Segment(Segment&& other) noexcept
    : name_(std::move(other.name_)),
      data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      persistent_(other.persistent_),
      destroyed_(std::exchange(other.destroyed_, true)),
      created_(other.created_),
      device_(other.device_),
      inode_(other.inode_) {}

Segment::~Segment() {
    // A non-persistent handle removes its name, but only while the name still leads to
    // the object it mapped: a name re-created by someone else is theirs.
    const bool remove_name = !persistent_ && !destroyed_ && !name_.empty();
    bool stale = true;
    if (remove_name) {
        try {
            stale = is_stale();
        } catch (...) {
        }
    }
    close();
    if (remove_name && !stale) ::shm_unlink(os_name(name_).c_str());
}

}  // namespace lsm
#endif
