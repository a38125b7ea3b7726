// lsm::Segment: WIRE.md §1 semantics and the errors of issue "Foundation".
#include <cstring>

#if !defined(_WIN32)
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

#include "check.hpp"
#include "lsm/segment.hpp"

using lsm::ErrorCode;
using lsm::Segment;
using lsm::test::NameCleanup;
using lsm::test::unique_name;

LSM_TEST("segment", create_open_share_bytes) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("share"));
    Segment writer = Segment::create(name, 4096, true);
    REQUIRE(writer.data() != nullptr);
    CHECK_EQ(writer.size(), 4096u);
    std::memcpy(writer.data(), "hello", 5);
    Segment reader = Segment::open(name, 4096, true);
    CHECK(std::memcmp(reader.data(), "hello", 5) == 0);
    reader.data()[100] = std::byte{42};
    CHECK(writer.data()[100] == std::byte{42});
}

LSM_TEST("segment", create_zero_fills_and_replaces) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("replace"));
    {
        Segment first = Segment::create(name, 64, true);
        std::memset(first.data(), 0xAB, 64);
    }
    Segment second = Segment::create(name, 128, true);
    for (std::size_t i = 0; i < 128; ++i) CHECK(second.data()[i] == std::byte{0});
}

LSM_TEST("segment", replaced_name_makes_reader_stale) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("stale"));
    Segment writer = Segment::create(name, 64, true);
    Segment reader = Segment::open(name, 64, true);
    CHECK(!reader.is_stale());
    Segment restarted = Segment::create(name, 64, true);
#if !defined(__APPLE__)  // macOS shm objects have no identity: only removal is detectable
    CHECK(reader.is_stale());
#endif
    CHECK(!restarted.is_stale());
    restarted.destroy();
    CHECK(restarted.is_stale());
}

LSM_TEST("segment", non_persistent_handle_removes_name) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("transient"));
    { Segment transient = Segment::create(name, 64, false); }
    CHECK_THROWS_CODE(ErrorCode::not_found, Segment::open(name, 64, true));
}

LSM_TEST("segment", persistent_segment_survives_its_handle) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("persist"));
    {
        Segment writer = Segment::create(name, 64, true);
        writer.data()[0] = std::byte{7};
    }
    Segment reader = Segment::open(name, 64, true);
    CHECK(reader.data()[0] == std::byte{7});
    reader.destroy();
    CHECK_THROWS_CODE(ErrorCode::not_found, Segment::open(name, 64, true));
}

LSM_TEST("segment", errors_have_codes) {
    NameCleanup cleanup;
    CHECK_THROWS_CODE(ErrorCode::invalid_name, Segment::create("", 64, true));
    CHECK_THROWS_CODE(ErrorCode::invalid_name, Segment::create("a/b", 64, true));
    CHECK_THROWS_CODE(ErrorCode::invalid_name, Segment::create(std::string("a\0b", 3), 64, true));
    CHECK_THROWS_CODE(ErrorCode::invalid_name, Segment::create("..", 64, true));
    CHECK_THROWS_CODE(ErrorCode::invalid_name, Segment::create(std::string(300, 'x'), 64, true));
    const auto name = cleanup.add(unique_name("errors"));
    CHECK_THROWS_CODE(ErrorCode::invalid_size, Segment::create(name, 0, true));
    CHECK_THROWS_CODE(ErrorCode::not_found, Segment::open(name, 64, true));
    Segment small = Segment::create(name, 64, true);
#if defined(__APPLE__)  // macOS keeps shm sizes in whole pages
    CHECK(Segment::open_existing(name, true).size() >= 64u);
    CHECK_THROWS_CODE(ErrorCode::invalid_size, Segment::open(name, 1 << 20, true));
#else
#if !defined(_WIN32)  // Windows grows a shorter persistent file instead (WIRE.md §1; test_segment_windows.cpp)
    CHECK_THROWS_CODE(ErrorCode::invalid_size, Segment::open(name, 65, true));
#endif
    CHECK_EQ(Segment::open_existing(name, true).size(), 64u);
#endif
}

#if !defined(_WIN32)
static unsigned mode_of(const std::string& name) {
    const int fd = ::shm_open(("/" + name).c_str(), O_RDONLY, 0);
    struct stat st {};
    ::fstat(fd, &st);
    ::close(fd);
    return static_cast<unsigned>(st.st_mode & 0777);
}

LSM_TEST("segment", create_mode_is_exact_and_private_by_default) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("mode"));
    { Segment owner_only = Segment::create(name, 64, true); }
    CHECK_EQ(mode_of(name), 0600u);
    { Segment group = Segment::create(name, 64, true, 0660); }
#if defined(__APPLE__)  // macOS cannot chmod shm objects: the umask applies
    const mode_t mask = ::umask(0);
    ::umask(mask);
    CHECK_EQ(mode_of(name), 0660u & ~static_cast<unsigned>(mask));
#else
    CHECK_EQ(mode_of(name), 0660u);  // not reduced by the umask
#endif
    CHECK_THROWS_CODE(ErrorCode::invalid_argument, Segment::create(name, 64, true, 01777));
}
#endif
