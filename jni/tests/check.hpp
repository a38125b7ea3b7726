// A minimal test harness: LSM_TEST registers a test in a suite (the file's name), CHECK
// records a failure and goes on, REQUIRE stops the test. `lsm_native_tests SUITE` runs one suite.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "lsm/error.hpp"

namespace lsm::test {

struct TestCase {
    std::string suite;
    std::string name;
    std::function<void()> body;
};

std::vector<TestCase>& registry();
void record_failure(const char* file, int line, const std::string& what);

struct Registrar {
    Registrar(const char* suite, const char* name, std::function<void()> body) {
        registry().push_back({suite, name, std::move(body)});
    }
};

struct RequireFailed {};

// A segment name unique to this process and call, so parallel runs never collide.
std::string unique_name(const std::string& stem);

// Removes every name it was given when it goes out of scope, so a failing test cleans up too.
class NameCleanup {
public:
    std::string add(const std::string& name) {
        names_.push_back(name);
        return name;
    }
    ~NameCleanup();

private:
    std::vector<std::string> names_;
};

// Polls `ready` every millisecond for up to 20 s; its last answer. For a state another thread
// or process reaches soon (a waiter counted asleep), never to measure a time.
template <typename Ready>
bool eventually(Ready&& ready) {
    for (auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20); std::chrono::steady_clock::now() < until;) {
        if (ready()) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return ready();
}

}  // namespace lsm::test

#define LSM_CONCAT_(a, b) a##b
#define LSM_CONCAT(a, b) LSM_CONCAT_(a, b)
#define LSM_TEST(suite, name)                                                                      \
    static void LSM_CONCAT(lsm_test_, name)();                                                     \
    static ::lsm::test::Registrar LSM_CONCAT(lsm_registrar_, name)(suite, #name, &LSM_CONCAT(lsm_test_, name)); \
    static void LSM_CONCAT(lsm_test_, name)()

#define CHECK(cond)                                                                     \
    do {                                                                                \
        if (!(cond)) ::lsm::test::record_failure(__FILE__, __LINE__, "CHECK(" #cond ")"); \
    } while (0)

#define REQUIRE(cond)                                                                       \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            ::lsm::test::record_failure(__FILE__, __LINE__, "REQUIRE(" #cond ")");          \
            throw ::lsm::test::RequireFailed{};                                             \
        }                                                                                   \
    } while (0)

#define CHECK_EQ(a, b)                                                                                    \
    do {                                                                                                  \
        const auto& lsm_a_ = (a);                                                                         \
        const auto& lsm_b_ = (b);                                                                         \
        if (!(lsm_a_ == lsm_b_)) {                                                                        \
            std::ostringstream lsm_os_;                                                                   \
            lsm_os_ << "CHECK_EQ(" #a ", " #b "): " << lsm_a_ << " != " << lsm_b_;                        \
            ::lsm::test::record_failure(__FILE__, __LINE__, lsm_os_.str());                               \
        }                                                                                                 \
    } while (0)

// Checks that `expr` throws lsm::Error with `error_code`.
#define CHECK_THROWS_CODE(error_code, expr)                                                              \
    do {                                                                                                 \
        bool lsm_thrown_ = false;                                                                        \
        try {                                                                                            \
            (void)(expr);                                                                                \
        } catch (const ::lsm::Error& lsm_e_) {                                                           \
            lsm_thrown_ = true;                                                                          \
            if (lsm_e_.code() != (error_code))                                                           \
                ::lsm::test::record_failure(__FILE__, __LINE__,                                          \
                                            std::string("wrong error code from " #expr ": ") + lsm_e_.what()); \
        }                                                                                                \
        if (!lsm_thrown_) ::lsm::test::record_failure(__FILE__, __LINE__, "no lsm::Error from " #expr);  \
    } while (0)
