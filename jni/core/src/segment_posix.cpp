// POSIX segments (Linux, macOS): shm_open("/" + name), ftruncate, mmap MAP_SHARED.
#if !defined(_WIN32)

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
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

// Closes fd (and removes the name) on the failure paths of create(), so that nothing
// half-created is left behind.
struct CreateRollback {
    const std::string& path;
    int fd;
    bool armed = true;
    ~CreateRollback() {
        if (!armed) return;
        if (fd >= 0) ::close(fd);
        ::shm_unlink(path.c_str());
    }
};

std::byte* map_shared(int fd, std::size_t size, const std::string& name) {
    void* addr = ::mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (addr == MAP_FAILED) throw_os_error("cannot map segment", name, errno);
    return static_cast<std::byte*>(addr);
}

}  // namespace

Segment Segment::create(const std::string& name, std::size_t size, bool persistent, unsigned mode) {
    validate_name(name);
    require_positive(size, name);
    if (mode > 0777) throw Error(ErrorCode::invalid_argument, "segment '" + name + "': mode must be within 0777");
    const std::string path = os_name(name);

    int fd = -1;
    for (int attempt = 0; fd < 0; ++attempt) {
        // Upstream semantics: create replaces. ENOENT is fine, anything else fails.
        if (::shm_unlink(path.c_str()) != 0 && errno != ENOENT) throw_os_error("cannot replace segment", name, errno);
        fd = ::shm_open(path.c_str(), O_CREAT | O_EXCL | O_RDWR, static_cast<mode_t>(mode));
        if (fd < 0 && (errno != EEXIST || attempt == 3)) throw_os_error("cannot create segment", name, errno);
    }
    CreateRollback rollback{path, fd};
#if !defined(__APPLE__)
    // shm_open applies the umask; set the mode the caller asked for exactly. (macOS has no
    // chmod for shm objects — fchmod fails with EINVAL — so there the umask applies.)
    if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) throw_os_error("cannot set mode of segment", name, errno);
#endif
    // The object is new (O_EXCL), so this is its first and only ftruncate: macOS refuses to
    // resize an object that already has a size. macOS also rounds the size up to whole pages.
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0) throw_os_error("cannot size segment", name, errno);
#if defined(__linux__)
    // Reserve every page now: tmpfs otherwise allocates on first touch and a full /dev/shm
    // turns into SIGBUS inside a later write. posix_fallocate returns the error itself.
    const int reserve = ::posix_fallocate(fd, 0, static_cast<off_t>(size));
    if (reserve != 0 && reserve != EOPNOTSUPP && reserve != EINVAL)
        throw_os_error("cannot reserve " + std::to_string(size) + " bytes for segment", name, reserve);
#endif
    Segment segment(name, size, persistent);
    segment.data_ = map_shared(fd, size, name);
    struct stat st {};
    ::fstat(fd, &st);
    segment.device_ = static_cast<std::uint64_t>(st.st_dev);
    segment.inode_ = static_cast<std::uint64_t>(st.st_ino);
    segment.fd_ = fd;
    rollback.armed = false;
    return segment;
}

Segment Segment::open_mapping(const std::string& name, std::size_t size, bool persistent, bool whole_object) {
    validate_name(name);
    if (!whole_object) require_positive(size, name);
    const int fd = ::shm_open(os_name(name).c_str(), O_RDWR, 0);
    if (fd < 0) {
        if (errno == ENOENT) throw Error(ErrorCode::not_found, "no shared memory segment named '" + name + "'");
        throw_os_error("cannot open segment", name, errno);
    }
    Segment segment(name, 0, persistent);
    segment.fd_ = fd;  // from here on the destructor closes fd; the name is never removed
    segment.destroyed_ = true;
    struct stat st {};
    if (::fstat(fd, &st) != 0) throw_os_error("cannot inspect segment", name, errno);
    const auto actual = static_cast<std::size_t>(st.st_size);
    if (whole_object) size = actual;
    // Mapping past the end of the object would turn every access there into SIGBUS.
    if (size == 0 || actual < size)
        throw Error(ErrorCode::invalid_size, "segment '" + name + "' is " + std::to_string(actual) +
                                                 " bytes, smaller than the " + std::to_string(size) +
                                                 " bytes requested");
    segment.data_ = map_shared(fd, size, name);
    segment.size_ = size;
    segment.device_ = static_cast<std::uint64_t>(st.st_dev);
    segment.inode_ = static_cast<std::uint64_t>(st.st_ino);
    segment.destroyed_ = false;
    return segment;
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
    release_os_handles();
}

void Segment::release_os_handles() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
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
    if (fd < 0) return errno == ENOENT;
    struct stat st {};
    const bool same = ::fstat(fd, &st) == 0 && static_cast<std::uint64_t>(st.st_dev) == device_ &&
                      static_cast<std::uint64_t>(st.st_ino) == inode_;
    ::close(fd);
    return !same;
#endif
}

std::uint64_t Segment::backing_size() const noexcept {
    struct stat st {};
    if (fd_ < 0 || ::fstat(fd_, &st) != 0) return size_;
    return static_cast<std::uint64_t>(st.st_size);
}

Segment::Segment(Segment&& other) noexcept
    : name_(std::move(other.name_)),
      data_(std::exchange(other.data_, nullptr)),
      size_(std::exchange(other.size_, 0)),
      persistent_(other.persistent_),
      destroyed_(std::exchange(other.destroyed_, true)),
      fd_(std::exchange(other.fd_, -1)),
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
