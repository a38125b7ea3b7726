// lsm::Segment on Windows (WIRE.md §1): the persistent file under %PROGRAMDATA%\shared_memory,
// the non-persistent named mapping, Windows error messages, and two processes sharing one
// segment (this test starts lsm-peer.exe, copied beside the test executable by CMake).
#if defined(_WIN32)

#include <windows.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "check.hpp"
#include "lsm/names.hpp"
#include "lsm/segment.hpp"
#include "lsm_c.h"
#include "peer_process_windows.hpp"

using lsm::ErrorCode;
using lsm::Segment;
using lsm::test::NameCleanup;
using lsm::test::unique_name;

namespace {

std::string program_data() {
    char buffer[MAX_PATH];
    const DWORD length = GetEnvironmentVariableA("PROGRAMDATA", buffer, sizeof buffer);
    return length > 0 && length < sizeof buffer ? std::string(buffer, length) : "C:\\ProgramData";
}

std::string backing_file(const std::string& name) {
    return program_data() + "\\shared_memory\\lsm_" + lsm::windows_file_safe_name(name) + ".shm";
}

// The file's size, or -1 when it does not exist.
long long file_size(const std::string& path) {
    WIN32_FILE_ATTRIBUTE_DATA data;
    if (!GetFileAttributesExA(path.c_str(), GetFileExInfoStandard, &data)) return -1;
    return (static_cast<long long>(data.nFileSizeHigh) << 32) | data.nFileSizeLow;
}

bool named_mapping_exists(const std::string& name) {
    HANDLE mapping = OpenFileMappingA(FILE_MAP_READ, FALSE, name.c_str());
    if (mapping == nullptr) return false;
    CloseHandle(mapping);
    return true;
}

struct PeerResult {
    long exit_code = -1;
    std::string out;
};

// Runs lsm-peer.exe with `args`, waits up to 60 s, collects its stdout.
PeerResult run_peer(const std::string& args) {
    lsm::test::PeerProcess peer(args);
    PeerResult result;
    result.exit_code = peer.finish(60'000);
    result.out = peer.output();
    return result;
}

}  // namespace

LSM_TEST("segment_windows", persistent_segment_is_a_file_under_programdata) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("file"));
    const std::string path = backing_file(name);
    {
        Segment segment = Segment::create(name, 5000, true);
        CHECK_EQ(file_size(path), 5000);
        std::memcpy(segment.data(), "on disk", 7);
    }
    CHECK_EQ(file_size(path), 5000);  // persistent: the file outlives every handle
    {
        Segment reopened = Segment::open(name, 5000, true);
        CHECK(std::memcmp(reopened.data(), "on disk", 7) == 0);
        reopened.destroy();
    }
    CHECK_EQ(file_size(path), -1);
    CHECK(!Segment::remove(name));
}

LSM_TEST("segment_windows", file_name_is_sanitised) {
    NameCleanup cleanup;
    // Characters a Windows file name cannot hold (':' '*' '?' '"' '<' '>' '|') become '_'.
    const auto name = cleanup.add(unique_name("a:b*c?d\"e<f>g|h"));
    Segment segment = Segment::create(name, 64, true);
    const std::string path = backing_file(name);
    CHECK(path.find_first_of(":*?\"<>|", 2) == std::string::npos);
    CHECK_EQ(file_size(path), 64);
    Segment same = Segment::open(name, 64, true);
    segment.data()[1] = std::byte{9};
    CHECK(same.data()[1] == std::byte{9});
}

LSM_TEST("segment_windows", open_grows_a_shorter_persistent_file) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("grow"));
    Segment small = Segment::create(name, 64, true);
    small.data()[63] = std::byte{5};
    Segment larger = Segment::open(name, 8192, true);  // WIRE.md §1: open grows the file
    CHECK_EQ(larger.size(), 8192u);
    CHECK_EQ(file_size(backing_file(name)), 8192);
    CHECK(larger.data()[63] == std::byte{5});
    CHECK(larger.data()[8191] == std::byte{0});
    CHECK_EQ(Segment::open_existing(name, true).size(), 8192u);
}

LSM_TEST("segment_windows", non_persistent_segment_is_a_named_mapping) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("mapping"));
    {
        Segment writer = Segment::create(name, 3000, false);
        CHECK(named_mapping_exists(name));
        CHECK_EQ(file_size(backing_file(name)), -1);  // no file behind it
        Segment reader = Segment::open(name, 3000, false);
        std::memcpy(writer.data(), "mapped", 6);
        CHECK(std::memcmp(reader.data(), "mapped", 6) == 0);
        // Windows keeps a section's size in whole pages: that is all open_existing can find.
        const std::size_t whole = Segment::open_existing(name, false).size();
        CHECK(whole >= 3000u && whole % 4096u == 0);
        CHECK_THROWS_CODE(ErrorCode::invalid_size, Segment::open(name, 1 << 20, false));
        CHECK(!reader.is_stale());
        // Persistent and non-persistent are different OS objects on Windows.
        CHECK_THROWS_CODE(ErrorCode::not_found, Segment::open(name, 3000, true));
    }
    // Gone with its last handle: nothing to unlink.
    CHECK(!named_mapping_exists(name));
    CHECK_THROWS_CODE(ErrorCode::not_found, Segment::open(name, 3000, false));
}

LSM_TEST("segment_windows", create_over_a_mapping_in_use_shares_it_zeroed) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("inuse"));
    Segment first = Segment::create(name, 256, false);
    std::memset(first.data(), 0xAB, 256);
    // Windows hands out the existing object: the new writer and the old holder share it.
    Segment second = Segment::create(name, 128, false);
    CHECK(second.data()[0] == std::byte{0});
    CHECK(first.data()[0] == std::byte{0});
    CHECK(first.data()[200] == std::byte{0xAB});  // beyond the new writer's size: untouched
    CHECK_THROWS_CODE(ErrorCode::invalid_size, Segment::create(name, 64 * 1024, false));
}

LSM_TEST("segment_windows", recreated_persistent_file_leaves_old_mappers_stale) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("recreate"));
    Segment old_writer = Segment::create(name, 64, true);
    std::memset(old_writer.data(), 1, 64);
    Segment reader = Segment::open(name, 64, true);
    Segment new_writer = Segment::create(name, 64, true);
    CHECK(new_writer.data()[0] == std::byte{0});
    CHECK(!new_writer.is_stale());
    // Either the file was truncated in place (then all three share it) or, when Windows
    // refuses to truncate a mapped file, the old one lost its name like a POSIX unlink.
    if (reader.is_stale()) {
        std::printf("  (the mapped file was moved aside: Windows refused to truncate it)\n");
        CHECK(reader.data()[0] == std::byte{1});
    } else {
        CHECK(reader.data()[0] == std::byte{0});
    }
    new_writer.destroy();
    CHECK(new_writer.is_stale());
    CHECK_EQ(file_size(backing_file(name)), -1);
}

LSM_TEST("segment_windows", errors_name_the_segment_and_the_windows_reason) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("errs"));
    try {
        Segment::open(name, 64, true);
        CHECK(false);
    } catch (const lsm::Error& e) {
        CHECK(e.code() == ErrorCode::not_found);
        CHECK(std::string(e.what()).find(name) != std::string::npos);
    }
    // A %PROGRAMDATA% that cannot hold the directory: the Windows error text and number.
    const std::string saved = program_data();
    SetEnvironmentVariableA("PROGRAMDATA", "Z:\\lsm-missing-dir\\nowhere");
    try {
        Segment::create(name, 64, true);
        CHECK(false);
    } catch (const lsm::Error& e) {
        const std::string message = e.what();
        CHECK(e.code() == ErrorCode::not_found);
        CHECK(message.find(name) != std::string::npos);
        CHECK(message.find("Windows error 3") != std::string::npos);  // ERROR_PATH_NOT_FOUND
    }
    SetEnvironmentVariableA("PROGRAMDATA", saved.c_str());
    CHECK_THROWS_CODE(ErrorCode::invalid_name, Segment::create(std::string(lsm::max_name_length + 1, 'n'), 64, true));
}

LSM_TEST("segment_windows", two_processes_share_a_persistent_segment) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("peer"));
    Segment segment = Segment::create(name, 1024, true);
    std::memcpy(segment.data() + 16, "from parent", 11);
    const PeerResult read = run_peer("segment-read " + name + " 1024 16 11");
    CHECK_EQ(read.exit_code, 0);
    CHECK_EQ(read.out, std::string("from parent"));
    const PeerResult wrote = run_peer("segment-write " + name + " 1024 100 from-child");
    CHECK_EQ(wrote.exit_code, 0);
    CHECK(std::memcmp(segment.data() + 100, "from-child", 10) == 0);
}

LSM_TEST("segment_windows", two_processes_share_a_named_mapping) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("peermap"));
    Segment segment = Segment::create(name, 512, false);
    std::memcpy(segment.data(), "mapping", 7);
    const PeerResult read = run_peer("segment-read " + name + " 512 0 7 --transient");
    CHECK_EQ(read.exit_code, 0);
    CHECK_EQ(read.out, std::string("mapping"));
    const PeerResult wrote = run_peer("segment-write " + name + " 512 300 child --transient");
    CHECK_EQ(wrote.exit_code, 0);
    CHECK(std::memcmp(segment.data() + 300, "child", 5) == 0);
    // The peer's non-persistent handle closing did not take the mapping away from us.
    CHECK(named_mapping_exists(name));
}

LSM_TEST("segment_windows", c_abi_on_both_paths) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("cabi"));
    for (int persistent = 0; persistent <= 1; ++persistent) {
        lsm_memory* writer = lsm_create(name.c_str(), 128, persistent);
        REQUIRE(writer != nullptr);
        std::memcpy(lsm_data(writer), "abi", 4);
        lsm_memory* reader = lsm_open(name.c_str(), 128, persistent);
        REQUIRE(reader != nullptr);
        CHECK(std::strcmp(static_cast<const char*>(lsm_data(reader)), "abi") == 0);
        CHECK_EQ(lsm_is_stale(reader), 0);
        lsm_free(reader);
        lsm_destroy(writer);
        lsm_free(writer);
        CHECK(lsm_open(name.c_str(), 128, persistent) == nullptr);
        CHECK_EQ(lsm_last_error(), LSM_ERR_NOT_FOUND);
    }
}

#endif
