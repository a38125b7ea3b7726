// lsm_c.h: the upstream C wrapper's functions and meaning, plus the error record.
#include <cstring>

#include "check.hpp"
#include "lsm_c.h"

using lsm::test::NameCleanup;
using lsm::test::unique_name;

LSM_TEST("c_abi", upstream_raw_example_sequence) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("c"));
    const char message[] = "Hello from C!";
    lsm_memory* writer = lsm_create(name.c_str(), 256, 1);
    REQUIRE(writer != nullptr);
    CHECK_EQ(lsm_size(writer), 256u);
    std::memcpy(lsm_data(writer), message, sizeof message);
    lsm_memory* reader = lsm_open(name.c_str(), 256, 1);
    REQUIRE(reader != nullptr);
    CHECK(std::strcmp(static_cast<const char*>(lsm_data(reader)), message) == 0);
    lsm_close(reader);
    CHECK(lsm_data(reader) == nullptr);
    lsm_free(reader);
    lsm_close(writer);
    lsm_destroy(writer);
    lsm_free(writer);
    CHECK(lsm_open(name.c_str(), 256, 1) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_NOT_FOUND);
}

LSM_TEST("c_abi", errors_are_recorded_per_call) {
    CHECK(lsm_create("", 16, 1) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_NAME);
    CHECK(std::strlen(lsm_last_error_message()) > 0);
    CHECK(lsm_create(nullptr, 16, 1) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_NAME);
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("cerr"));
    CHECK(lsm_create(name.c_str(), 0, 1) == nullptr);
    CHECK_EQ(lsm_last_error(), LSM_ERR_INVALID_SIZE);
    CHECK_EQ(lsm_remove(name.c_str()), 0);
    lsm_memory* ok = lsm_create(name.c_str(), 16, 0);
    REQUIRE(ok != nullptr);
    CHECK_EQ(lsm_last_error(), LSM_OK);
    CHECK_EQ(lsm_is_stale(ok), 0);
    lsm_free(ok);  // not persistent: the name goes with the handle
    CHECK_EQ(lsm_remove(name.c_str()), 0);
    // NULL handles are tolerated, as in upstream's wrapper.
    CHECK(lsm_data(nullptr) == nullptr);
    CHECK_EQ(lsm_size(nullptr), 0u);
    lsm_close(nullptr);
    lsm_destroy(nullptr);
    lsm_free(nullptr);
}
