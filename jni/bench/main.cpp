// lsm-bench: the native side of the benchmark table. Runs the same scenarios as the JMH
// module (java/benchmarks), under the same names, on the core the binding wraps; the call-path
// and workload families also on the floor and the C ABI (rows "floor:<scenario>", "cabi:<scenario>").
//   lsm-bench [--quick | --smoke] [--warmup N] [--iterations N] [--iteration-ms N]
//             [--extra-work N] [--filter REGEX] [--exclude REGEX] [--list]
// prints "<scenario>\t<ns per op>" lines on stdout (progress on stderr).
//   lsm-bench peer COMMAND ARGS...   runs the other process of a cross-process scenario.
//   lsm-bench --check-floor          checks that the floor and the core read each other (ctest).
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <optional>
#include <regex>
#include <string>

#include "harness.hpp"
#include "lsm/error.hpp"
#include "peer.hpp"

int main(int argc, char** argv) {
    using namespace lsm::bench;
    if (argc >= 2 && std::strcmp(argv[1], "peer") == 0) {
        try {
            return run_peer(std::vector<std::string>(argv + 2, argv + argc));
        } catch (const lsm::Error& e) {
            std::fprintf(stderr, "lsm-bench peer: %s: %s\n", lsm::error_code_name(e.code()), e.what());
            return 2;
        }
    }
    if (argc == 2 && std::strcmp(argv[1], "--check-floor") == 0) {
        try {
            return check_floor();
        } catch (const lsm::Error& e) {
            std::fprintf(stderr, "lsm-bench --check-floor: %s: %s\n", lsm::error_code_name(e.code()), e.what());
            return 2;
        }
    }
    Settings settings;
    std::regex filter(".*");
    std::optional<std::regex> exclude;
    bool list = false;
    // The count after an option, or -1 when it is missing, not a number, or negative.
    auto count_after = [&](int& i) -> long {
        if (i + 1 >= argc) return -1;
        char* end = nullptr;
        const long n = std::strtol(argv[++i], &end, 10);
        return (*end == '\0' && n >= 0) ? n : -1;
    };
    auto usage = [] {
        std::fprintf(stderr,
                     "usage: lsm-bench [--quick|--smoke] [--warmup N] [--iterations N] [--iteration-ms N]\n"
                     "                 [--extra-work N] [--filter REGEX] [--exclude REGEX] [--list] | lsm-bench peer COMMAND ARGS...\n");
        return 1;
    };
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--quick") {
            settings.warmup_iterations = 1;
            settings.measure_iterations = 2;
            settings.iteration_time = std::chrono::milliseconds(100);
            settings.latency_samples = 20000;
            settings.workload_warmup = 1;
            settings.workload_runs = 1;
        } else if (a == "--smoke") {
            settings.warmup_iterations = 0;
            settings.measure_iterations = 1;
            settings.iteration_time = std::chrono::milliseconds(10);
            settings.latency_samples = 200;
            settings.workload_warmup = 0;
            settings.workload_runs = 1;
            settings.workload_scale = 0.01;
        } else if (a == "--warmup" || a == "--iterations" || a == "--iteration-ms" || a == "--extra-work") {
            const long n = count_after(i);
            if (n < 0 || n > 1'000'000 || ((a == "--iterations" || a == "--iteration-ms") && n == 0)) return usage();
            if (a == "--warmup") settings.warmup_iterations = static_cast<int>(n);
            if (a == "--iterations") settings.measure_iterations = static_cast<int>(n);
            if (a == "--iteration-ms") settings.iteration_time = std::chrono::milliseconds(n);
            if (a == "--extra-work") settings.extra_work = static_cast<int>(n);
        } else if (a == "--filter" && i + 1 < argc) {
            filter = std::regex(argv[++i]);
        } else if (a == "--exclude" && i + 1 < argc) {
            exclude = std::regex(argv[++i]);
        } else if (a == "--list") {
            list = true;
        } else {
            return usage();
        }
    }
    auto selected = [&](const std::string& scenario) {
        if (!std::regex_search(scenario, filter) || (exclude && std::regex_search(scenario, *exclude))) return false;
        if (list) std::printf("%s\n", scenario.c_str());
        return !list;
    };
    try {
        for (const auto& [name, family] : families()) family(settings, selected);
    } catch (const lsm::Error& e) {
        std::fprintf(stderr, "lsm-bench: %s: %s\n", lsm::error_code_name(e.code()), e.what());
        return 2;
    } catch (const std::exception& e) {  // a C ABI row's failed call
        std::fprintf(stderr, "lsm-bench: %s\n", e.what());
        return 2;
    }
    return 0;
}
