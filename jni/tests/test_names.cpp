// Segment names (issue #16): every name the OS allows, no control characters.
#include <string>

#include "check.hpp"
#include "lsm/names.hpp"
#include "lsm/segment.hpp"
#include "lsm_c.h"

using lsm::ErrorCode;
using lsm::Segment;
using lsm::test::NameCleanup;
using lsm::test::unique_name;

LSM_TEST("names", c1_control_characters_are_refused) {
    CHECK_THROWS_CODE(ErrorCode::invalid_name, lsm::validate_name("a\xC2\x80"));   // U+0080
    CHECK_THROWS_CODE(ErrorCode::invalid_name, lsm::validate_name("a\xC2\x85z"));  // U+0085 NEXT LINE
    CHECK_THROWS_CODE(ErrorCode::invalid_name, lsm::validate_name("\xC2\x9F"));    // U+009F
    lsm::validate_name("a\xC2\xA0");      // U+00A0, the first character after C1, is fine
    lsm::validate_name("caf\xC3\xA9");    // é
    try {
        lsm::validate_name("a\xC2\x85");
    } catch (const lsm::Error& e) {
        CHECK(std::string(e.what()).find("U+0085") != std::string::npos);
    }
    // The C ABI validates with the core.
    CHECK(lsm_create("c1\xC2\x85", 16, 1) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_NAME);
}

LSM_TEST("names", the_longest_name_the_platform_allows_is_accepted) {
#if defined(__APPLE__)
    CHECK_EQ(lsm::max_name_length, 30u);  // PSHMNAMLEN 31, the "/" included
#elif defined(_WIN32)
    CHECK_EQ(lsm::max_name_length, 200u);
#else
    CHECK_EQ(lsm::max_name_length, 255u);  // NAME_MAX in /dev/shm
#endif
    NameCleanup cleanup;
    std::string name = unique_name("long");
    name += std::string(lsm::max_name_length - name.size(), 'n');
    cleanup.add(name);
    {
        Segment writer = Segment::create(name, 64, true);
        Segment reader = Segment::open(name, 64, true);
        CHECK_EQ(reader.name().size(), lsm::max_name_length);
    }
    CHECK(Segment::remove(name));
    CHECK_THROWS_CODE(ErrorCode::invalid_name, Segment::create(name + "n", 64, true));
}
