// Opening what a peer created (issue #16): segments libsharedmemory creates sparse, handles
// that keep no descriptor, a symbolic link at the name.
#if !defined(_WIN32)

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cstring>
#include <string>

#include "check.hpp"
#include "lsm/segment.hpp"
#include "lsm_c.h"

using lsm::ErrorCode;
using lsm::Segment;
using lsm::test::NameCleanup;
using lsm::test::unique_name;

namespace {

// As libsharedmemory 2.0.0 creates a segment: shm_open and ftruncate, nothing allocated.
// Writes `mark` at `mark_offset` through the descriptor (allocating that one page only).
void create_sparse(const std::string& name, off_t size, off_t mark_offset = -1, const char* mark = "") {
    const int fd = ::shm_open(("/" + name).c_str(), O_CREAT | O_EXCL | O_RDWR, 0600);
    REQUIRE(fd >= 0);
    REQUIRE(::ftruncate(fd, size) == 0);
    if (mark_offset >= 0) REQUIRE(::pwrite(fd, mark, std::strlen(mark), mark_offset) == static_cast<ssize_t>(std::strlen(mark)));
    ::close(fd);
}

struct stat stat_of(const std::string& name) {
    struct stat st {};
    const int fd = ::shm_open(("/" + name).c_str(), O_RDONLY, 0);
    if (fd >= 0) {
        ::fstat(fd, &st);
        ::close(fd);
    }
    return st;
}

// The lowest descriptor number not in use: equal before and after a call that kept none.
int lowest_free_descriptor() {
    const int fd = ::dup(0);
    ::close(fd);
    return fd;
}

}  // namespace

#if defined(__linux__)
LSM_TEST("segment_open_posix", open_reserves_a_sparse_segment_keeping_its_size_and_content) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("sparse"));
    constexpr off_t size = 1 << 20;
    create_sparse(name, size, 700000, "peer");
    CHECK(stat_of(name).st_blocks * 512 < size / 2);  // sparse: one page allocated
    {
        Segment reader = Segment::open(name, 1 << 19, true);  // the first half only
        CHECK(stat_of(name).st_blocks * 512 >= (1 << 19));
        CHECK(stat_of(name).st_blocks * 512 < size);
    }
    Segment whole = Segment::open_existing(name, true);
    const struct stat st = stat_of(name);
    CHECK_EQ(st.st_size, size);  // never shrunk nor grown
    CHECK(st.st_blocks * 512 >= size);
    CHECK(std::memcmp(whole.data() + 700000, "peer", 4) == 0);  // the peer's bytes are untouched
    CHECK(whole.data()[0] == std::byte{0});
}

LSM_TEST("segment_open_posix", open_of_a_sparse_segment_larger_than_dev_shm_fails_with_no_space) {
    struct statvfs fs {};
    REQUIRE(::statvfs("/dev/shm", &fs) == 0);
    // Beyond the whole of /dev/shm: tmpfs refuses at once, without filling it for a moment.
    const auto too_much = static_cast<off_t>(fs.f_blocks * fs.f_frsize + (1ull << 30));
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("nospace"));
    create_sparse(name, too_much, 0, "header");
    try {
        Segment reader = Segment::open_existing(name, true);
        CHECK(!"open_existing reserved more than /dev/shm holds");
    } catch (const lsm::Error& e) {
        CHECK_EQ(static_cast<int>(e.code()), static_cast<int>(ErrorCode::no_space));
        CHECK(std::string(e.what()).find(name) != std::string::npos);
        CHECK(std::string(e.what()).find(std::to_string(too_much)) != std::string::npos);
    }
    CHECK_THROWS_CODE(ErrorCode::no_space, Segment::open(name, static_cast<std::size_t>(too_much), true));
    // The C ABI opens the same way.
    CHECK(lsm_open(name.c_str(), static_cast<size_t>(too_much), 1) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_NO_SPACE);
    CHECK_EQ(stat_of(name).st_size, too_much);  // the failed reservation changed nothing
}

LSM_TEST("segment_open_posix", symbolic_link_at_the_name_is_access_denied_naming_it) {
    NameCleanup cleanup;
    const auto target = cleanup.add(unique_name("target"));
    const auto name = cleanup.add(unique_name("link"));
    Segment real = Segment::create(target, 64, true);
    REQUIRE(::symlink(("/dev/shm/" + target).c_str(), ("/dev/shm/" + name).c_str()) == 0);
    try {
        Segment reader = Segment::open(name, 64, true);
        CHECK(!"a symbolic link was followed");
    } catch (const lsm::Error& e) {
        CHECK_EQ(static_cast<int>(e.code()), static_cast<int>(ErrorCode::access_denied));
        CHECK(std::string(e.what()).find("/dev/shm/" + name + " is a symbolic link") != std::string::npos);
    }
    CHECK(Segment::remove(name));  // the link itself, not its target
    CHECK(Segment::open(target, 64, true).is_open());
}
#endif

LSM_TEST("segment_open_posix", handles_keep_no_descriptor) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("nofd"));
    const int before = lowest_free_descriptor();
    Segment writer = Segment::create(name, 4096, false);
    Segment reader = Segment::open(name, 4096, true);
    Segment whole = Segment::open_existing(name, true);
    CHECK_EQ(lowest_free_descriptor(), before);
    // What a descriptor was kept for still works without one.
    CHECK(!reader.is_stale());
    std::memcpy(writer.data(), "x", 1);
    CHECK(whole.data()[0] == std::byte{'x'});
    whole.close(lsm::ViewOnClose::detach);
    writer.destroy();
    CHECK(reader.is_stale());
}

#endif
