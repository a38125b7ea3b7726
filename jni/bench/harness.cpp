#include "harness.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <thread>

namespace lsm::bench {

using Clock = std::chrono::steady_clock;

std::map<std::string, Family>& families() {
    static std::map<std::string, Family> all;
    return all;
}

std::string unique_name(const std::string& stem) {
    static std::atomic<int> counter{0};
    return "lsmbench_" + stem + "_" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
}

void report(const std::string& scenario, double ns_per_op) {
    std::printf("%s\t%.3f\n", scenario.c_str(), ns_per_op);
    std::fflush(stdout);
    std::fprintf(stderr, "[native] %-40s %12.3f ns/op\n", scenario.c_str(), ns_per_op);
}

namespace {

double elapsed_ns(Clock::time_point from, Clock::time_point to) {
    return static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(to - from).count());
}

// One timed iteration: batches of `batch` calls until the iteration time is over.
double iteration(const Settings& settings, const std::function<void()>& op, std::size_t& batch) {
    const auto start = Clock::now();
    const auto end = start + settings.iteration_time;
    std::uint64_t ops = 0;
    Clock::time_point now;
    do {
        const auto batch_start = Clock::now();
        for (std::size_t i = 0; i < batch; ++i) {
            op();
            clobber();
        }
        ops += batch;
        now = Clock::now();
        // Aim at batches of about 20 us, so reading the clock costs nothing measurable.
        if (elapsed_ns(batch_start, now) < 20000.0 && batch < (std::size_t{1} << 24)) batch *= 2;
    } while (now < end);
    return elapsed_ns(start, now) / static_cast<double>(ops);
}

}  // namespace

void single(const Settings& settings, const std::string& scenario, const std::function<void()>& op) {
    std::size_t batch = 1;
    for (int i = 0; i < settings.warmup_iterations; ++i) iteration(settings, op, batch);
    double sum = 0;
    for (int i = 0; i < settings.measure_iterations; ++i) sum += iteration(settings, op, batch);
    report(scenario, sum / settings.measure_iterations);
}

namespace {
struct alignas(64) Counter {
    std::atomic<std::uint64_t> ops{0};
};
}  // namespace

void threads(const Settings& settings, const std::string& scenario, const std::vector<Role>& roles) {
    std::atomic<bool> stop{false};
    std::vector<Counter> counters(64);
    std::vector<std::thread> running;
    std::vector<std::size_t> counted;
    int index = 0;
    for (const Role& role : roles) {
        for (int t = 0; t < role.count; ++t, ++index) {
            if (role.counted) counted.push_back(static_cast<std::size_t>(index));
            running.emplace_back([&, t, index] {
                std::atomic<std::uint64_t>& mine = counters[static_cast<std::size_t>(index)].ops;
                while (!stop.load(std::memory_order_relaxed)) {
                    if (role.op(t, stop)) mine.store(mine.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
                }
            });
        }
    }
    auto total = [&] {
        std::uint64_t sum = 0;
        for (std::size_t i : counted) sum += counters[i].ops.load(std::memory_order_relaxed);
        return sum;
    };
    std::this_thread::sleep_for(settings.iteration_time * settings.warmup_iterations);
    double sum = 0;
    for (int i = 0; i < settings.measure_iterations; ++i) {
        const std::uint64_t before = total();
        const auto start = Clock::now();
        std::this_thread::sleep_for(settings.iteration_time);
        const std::uint64_t after = total();
        const auto end = Clock::now();
        sum += elapsed_ns(start, end) / static_cast<double>(std::max<std::uint64_t>(after - before, 1));
    }
    stop.store(true);
    for (auto& thread : running) thread.join();
    report(scenario, sum / settings.measure_iterations);
}

double gated(int count, const std::function<void(int)>& body) {
    std::atomic<int> waiting{count};
    std::vector<std::thread> running;
    running.reserve(static_cast<std::size_t>(count));
    const auto start = Clock::now();
    for (int t = 0; t < count; ++t) {
        running.emplace_back([&, t] {
            waiting.fetch_sub(1);
            while (waiting.load() > 0) std::this_thread::yield();
            body(t);
        });
    }
    for (auto& thread : running) thread.join();
    return elapsed_ns(start, Clock::now());
}

void percentiles(const std::string& scenario, std::vector<double> samples_ns) {
    if (samples_ns.empty()) return;
    std::sort(samples_ns.begin(), samples_ns.end());
    auto at = [&](double q) { return samples_ns[static_cast<std::size_t>(q * static_cast<double>(samples_ns.size() - 1))]; };
    report(scenario + "_p50", at(0.50));
    report(scenario + "_p99", at(0.99));
}

}  // namespace lsm::bench
