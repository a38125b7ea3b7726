// A small timing harness for the native side of the benchmark table (scripts/bench.sh).
// It mirrors how the JMH module measures, so the two columns are comparable:
//   - single-threaded scenarios: warm-up iterations, then measured iterations of a fixed
//     time; an iteration's score is elapsed time / operations; the result is the mean of the
//     measured iterations (as JMH's score);
//   - multi-threaded scenarios: every thread loops until told to stop and counts its own
//     operations; the score is iteration time / operations of all counted threads, i.e. the
//     inverse of the aggregate throughput (as JMH's Throughput mode summed over threads);
//   - latency scenarios record every sample and report percentiles.
// Messages and payloads are built before timing starts; the timed loop only does the work.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

namespace lsm::bench {

// How benchmark threads wait for a free slot or a message: spin for up to 50 us of wall time,
// then yield; the JMH module's Spin.pause does the same, so the policy cancels out. (A limit
// in rounds would not: a Java round is a JNI call, a native one is not.)
//   for (Waiter wait; !ready();) wait.pause();
class Waiter {
public:
    void pause() noexcept {
        const auto now = std::chrono::steady_clock::now();
        if (first_) {
            since_ = now;
            first_ = false;
        }
        if (now - since_ < std::chrono::microseconds(50)) {
#if defined(__x86_64__) || defined(__i386__)
            __builtin_ia32_pause();
#elif defined(__aarch64__)
            asm volatile("yield");
#endif
        } else {
            std::this_thread::yield();
        }
    }

private:
    bool first_ = true;
    std::chrono::steady_clock::time_point since_;
};

// Keeps the compiler from merging or dropping the work of repeated operations.
inline void clobber() noexcept { asm volatile("" ::: "memory"); }

// Makes the bytes at p count as used, so a result built only to be dropped is still built.
inline void escape(const void* p) noexcept { asm volatile("" : : "g"(p) : "memory"); }

struct Settings {
    int warmup_iterations = 3;
    int measure_iterations = 5;
    std::chrono::milliseconds iteration_time{1000};
    std::size_t latency_samples = 200000;  // round trips measured per latency scenario
    // A probe, 0 in the table: iterations of an empty loop (~0.17 ns each here) each thread of
    // the threaded queue scenarios runs before every operation, standing in for a binding's
    // per-call cost outside the lock (--extra-work N).
    int extra_work = 0;
    // The workload family (workload_scenarios.cpp): runs of the whole workload before the
    // measured ones, measured runs (their median is reported), and the fraction of the
    // workload's message counts to run (1 = the C++ library's counts).
    int workload_warmup = 2;
    int workload_runs = 3;
    double workload_scale = 1.0;
};

// Runs `iterations` rounds of an empty loop the compiler must keep.
inline void busy_work(int iterations) noexcept {
    for (int i = 0; i < iterations; ++i) asm volatile("" ::: "memory");
}

// Prints "<scenario>\t<ns per op>" on stdout (the format scripts/bench.sh reads) and a
// readable line on stderr.
void report(const std::string& scenario, double ns_per_op);

// Runs op() repeatedly on this thread; reports the mean ns per call.
void single(const Settings& settings, const std::string& scenario, const std::function<void()>& op);

// One kind of thread in a multi-threaded scenario: `count` threads run `op(thread_index)`
// in a loop until `stop` is set; when `counted`, their operations make the score. An op may
// wait (for a lock, a free slot, a message) but must return soon after `stop` is set.
struct Role {
    int count;
    bool counted;
    std::function<bool(int thread_index, const std::atomic<bool>& stop)> op;  // true = one operation done
};

// Runs every role's threads at once; reports iteration time / operations of counted roles.
void threads(const Settings& settings, const std::string& scenario, const std::vector<Role>& roles);

// Starts `count` threads that each run body(thread_index) once they all stand at one gate;
// returns the wall time in ns from before the first thread starts to after the last one joins.
double gated(int count, const std::function<void(int thread_index)>& body);

// Reports the p50 and p99 of `samples_ns` as "<scenario>_p50" and "<scenario>_p99".
void percentiles(const std::string& scenario, std::vector<double> samples_ns);

// A scenario family registers itself here (one file per family, as lsm-peer's commands).
using Family = void (*)(const Settings& settings, const std::function<bool(const std::string&)>& selected);
std::map<std::string, Family>& families();
struct Registration {
    Registration(const char* name, Family family) { families().emplace(name, family); }
};

// lsm-bench --check-floor: 0 when the floor and the core read each other's streams and queues.
int check_floor();

// A segment name unique to this process and run.
std::string unique_name(const std::string& stem);

}  // namespace lsm::bench
