// Runs the registered tests of one suite (or all) and prints ctest-friendly results.
#include <cstdio>
#include <exception>

#include "check.hpp"
#include "lsm/segment.hpp"

#if defined(_WIN32)
#include <process.h>
#define lsm_getpid _getpid
#else
#include <unistd.h>
#define lsm_getpid getpid
#endif

namespace lsm::test {
namespace {
int failures_in_current_test = 0;
}

std::vector<TestCase>& registry() {
    static std::vector<TestCase> tests;
    return tests;
}

void record_failure(const char* file, int line, const std::string& what) {
    ++failures_in_current_test;
    std::fprintf(stderr, "  %s:%d: %s\n", file, line, what.c_str());
}

std::string unique_name(const std::string& stem) {
    static int counter = 0;
#if defined(__APPLE__)  // macOS allows 30-byte names: keep room for the pid and counter
    return "lsmt_" + stem.substr(0, 10) + "_" + std::to_string(lsm_getpid()) + "_" + std::to_string(++counter);
#else
    return "lsmt_" + stem + "_" + std::to_string(lsm_getpid()) + "_" + std::to_string(++counter);
#endif
}

NameCleanup::~NameCleanup() {
    for (const auto& name : names_) {
        try {
            Segment::remove(name);
        } catch (...) {
        }
    }
}

}  // namespace lsm::test

int main(int argc, char** argv) {
    using namespace lsm::test;
    const std::string suite = argc > 1 ? argv[1] : "";
    int passed = 0, failed = 0;
    for (const auto& test : registry()) {
        if (!suite.empty() && test.suite != suite) continue;
        failures_in_current_test = 0;
        try {
            test.body();
        } catch (const RequireFailed&) {
        } catch (const std::exception& e) {
            record_failure(test.name.c_str(), 0, std::string("unexpected exception: ") + e.what());
        }
        const bool ok = failures_in_current_test == 0;
        std::printf("%s %s.%s\n", ok ? "PASS" : "FAIL", test.suite.c_str(), test.name.c_str());
        (ok ? passed : failed)++;
    }
    std::printf("%d passed, %d failed\n", passed, failed);
    if (passed + failed == 0) {
        std::fprintf(stderr, "no tests in suite '%s'\n", suite.c_str());
        return 2;
    }
    return failed == 0 ? 0 : 1;
}
