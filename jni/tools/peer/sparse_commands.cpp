// Segments created the way libsharedmemory 2.0.0 creates them on POSIX: shm_open and
// ftruncate only, nothing reserved, so on tmpfs every page is allocated on its first touch.
// The core never creates such segments; tests use these to open them from the other side.
#if !defined(_WIN32)

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "commands.hpp"
#include "lsm/error.hpp"
#include "lsm/queue_layout.hpp"

namespace lsm::peer {
namespace {

// Replaces NAME by a sparse object of SIZE bytes and returns its descriptor.
int create_sparse(const std::string& name, std::size_t size) {
    const std::string path = "/" + name;
    ::shm_unlink(path.c_str());
    const int fd = ::shm_open(path.c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    if (fd < 0) throw_os_error("cannot create segment", name, errno);
    if (::ftruncate(fd, static_cast<off_t>(size)) != 0) {
        const int error = errno;
        ::close(fd);
        throw_os_error("cannot size segment", name, error);
    }
    return fd;
}

// sparse-create NAME SIZE: all zeros, which is also an empty stream (WIRE.md §2).
int create(const Args& args) {
    const std::string& name = arg(args, 0, "NAME");
    const std::size_t size = size_arg(args, 1, "SIZE");
    ::close(create_sparse(name, size));
    std::printf("created %s %zu\n", name.c_str(), size);
    return 0;
}

// sparse-queue-create NAME CAPACITY MAXSIZE: a queue (WIRE.md §3) whose header page alone
// is allocated, as upstream's writer leaves it.
int create_queue(const Args& args) {
    namespace layout = lsm::queue_layout;
    const std::string& name = arg(args, 0, "NAME");
    const auto capacity = static_cast<std::uint32_t>(size_arg(args, 1, "CAPACITY"));
    const auto max_message_size = static_cast<std::uint32_t>(size_arg(args, 2, "MAXSIZE"));
    const auto size = layout::segment_size(capacity, max_message_size);
    if (!size) throw UsageError{"CAPACITY x MAXSIZE is too large"};
    const int fd = create_sparse(name, *size);
    void* header = ::mmap(nullptr, layout::header_size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    const int error = errno;
    ::close(fd);
    if (header == MAP_FAILED) throw_os_error("cannot map segment", name, error);
    auto* bytes = static_cast<unsigned char*>(header);
    std::memcpy(bytes + layout::capacity_offset, &capacity, sizeof capacity);
    std::memcpy(bytes + layout::max_message_size_offset, &max_message_size, sizeof max_message_size);
    ::munmap(header, layout::header_size);
    std::printf("created %s %u %u\n", name.c_str(), capacity, max_message_size);
    return 0;
}

const Registration registrations[] = {
    {"sparse-create", {"sparse-create NAME SIZE", create}},
    {"sparse-queue-create", {"sparse-queue-create NAME CAPACITY MAXSIZE", create_queue}},
};

}  // namespace
}  // namespace lsm::peer
#endif
