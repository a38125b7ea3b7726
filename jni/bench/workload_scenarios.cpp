// The workload family (the Java ContentionWorkload): the C++ library's contention workload, a
// fixed amount of work timed as a whole, on the floor, the core and the C ABI
// (implementations.hpp). Threads start at one gate; a run's time is from before they start to
// after they join; the row is that time per message (ns), median of the measured runs.
//   contention_stream_writers_T    one 1024-byte stream; T threads each write 200,000 strings
//                                  "S-<thread>-<i>", built inside the loop;
//   contention_queue_producers_P   a queue of capacity 4096, maxMessageSize 64; P producers each
//                                  enqueue 100,000 "P-<thread>-<i>" (yield while full); one
//                                  consumer dequeues into a string (yield while empty) until all
//                                  are consumed;
//   contention_queue_consumers_C   one producer enqueues C x 100,000 "C-<i>"; C consumers, each on
//                                  its own handle, dequeue into a string until all are consumed.
#include <algorithm>
#include <atomic>
#include <deque>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"
#include "implementations.hpp"

namespace lsm::bench {
namespace {

constexpr std::uint32_t queue_capacity = 4096;
constexpr std::uint32_t queue_message_size = 64;
constexpr std::size_t stream_size = 1024;

void enqueue_until_done(auto& queue, const std::string& message) {
    while (!queue.enqueue(message.data(), message.size())) std::this_thread::yield();
}

// One dequeue into a string; false (after a yield) when the queue was empty.
bool dequeue_one(auto& queue) {
    char into[queue_message_size];
    const std::int64_t length = queue.dequeue(into, sizeof into);
    if (length < 0) {
        std::this_thread::yield();
        return false;
    }
    const std::string message(into, static_cast<std::size_t>(length));
    escape(message.data());
    return true;
}

template <class Impl>
double stream_writers(int threads, long per_thread) {
    typename Impl::Writer writer(unique_name("wl_stream"), stream_size);
    return gated(threads, [&](int t) {
        for (long i = 0; i < per_thread; ++i) {
            const std::string message = "S-" + std::to_string(t) + "-" + std::to_string(i);
            writer.write(message.data(), message.size());
        }
    });
}

template <class Impl>
double queue_producers(int producers, long per_producer) {
    const std::string name = unique_name("wl_producers");
    typename Impl::Queue queue(name, queue_capacity, queue_message_size, true);
    typename Impl::Queue consumer(name, queue_capacity, queue_message_size, false);
    const long total = producers * per_producer;
    return gated(producers + 1, [&](int t) {
        if (t == producers) {
            for (long received = 0; received < total;) received += dequeue_one(consumer) ? 1 : 0;
            return;
        }
        for (long i = 0; i < per_producer; ++i)
            enqueue_until_done(queue, "P-" + std::to_string(t) + "-" + std::to_string(i));
    });
}

template <class Impl>
double queue_consumers(int consumers, long per_consumer) {
    const std::string name = unique_name("wl_consumers");
    typename Impl::Queue producer(name, queue_capacity, queue_message_size, true);
    std::deque<typename Impl::Queue> handles;
    for (int c = 0; c < consumers; ++c) handles.emplace_back(name, queue_capacity, queue_message_size, false);
    const long total = consumers * per_consumer;
    std::atomic<long> consumed{0};
    return gated(consumers + 1, [&](int t) {
        if (t == consumers) {
            for (long i = 0; i < total; ++i) enqueue_until_done(producer, "C-" + std::to_string(i));
            return;
        }
        while (consumed.load(std::memory_order_relaxed) < total) {
            if (dequeue_one(handles[static_cast<std::size_t>(t)])) consumed.fetch_add(1, std::memory_order_relaxed);
        }
    });
}

// Warm-up runs, then measured runs of one workload of `messages` messages; reports the median.
void measure(const Settings& settings, const std::string& row, long messages, const std::function<double()>& run) {
    for (int i = 0; i < settings.workload_warmup; ++i) run();
    std::vector<double> ns;
    for (int i = 0; i < settings.workload_runs; ++i) ns.push_back(run() / static_cast<double>(messages));
    std::sort(ns.begin(), ns.end());
    report(row, ns[ns.size() / 2]);
}

void workload_family(const Settings& settings, const std::function<bool(const std::string&)>& selected) {
    const auto scaled = [&](long count) { return std::max(1L, static_cast<long>(count * settings.workload_scale)); };
    const long writes = scaled(200'000), messages = scaled(100'000);
    for (int n : {1, 2, 4, 8}) {
        const std::string writers = "contention_stream_writers_" + std::to_string(n);
        if (selected(writers))
            for_each_implementation([&]<class Impl>() {
                measure(settings, Impl::prefix + writers, n * writes, [&] { return stream_writers<Impl>(n, writes); });
            });
    }
    for (int n : {1, 2, 4, 8}) {
        const std::string producers = "contention_queue_producers_" + std::to_string(n);
        if (selected(producers))
            for_each_implementation([&]<class Impl>() {
                measure(settings, Impl::prefix + producers, n * messages, [&] { return queue_producers<Impl>(n, messages); });
            });
    }
    for (int n : {1, 2, 4, 8}) {
        const std::string consumers = "contention_queue_consumers_" + std::to_string(n);
        if (selected(consumers))
            for_each_implementation([&]<class Impl>() {
                measure(settings, Impl::prefix + consumers, n * messages, [&] { return queue_consumers<Impl>(n, messages); });
            });
    }
}

const Registration registration("workload", workload_family);

}  // namespace
}  // namespace lsm::bench
