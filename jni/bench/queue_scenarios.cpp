// Queue scenarios in one process (the JMH QueueBenchmark and QueueThreadsBenchmark): one
// thread enqueue + dequeue of 64 B; SPSC on two threads; producers 1/2/4/8 with one consumer;
// consumers 1/2/4/8 with one producer. Capacity 1024, messages built before timing, waiting
// threads pause() as the Java side does.
#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "harness.hpp"
#include "lsm/queue.hpp"

namespace lsm::bench {
namespace {

constexpr std::uint32_t message_size = 64;
constexpr std::uint32_t capacity = 1024;

bool produce(Queue& queue, int extra_work, const std::atomic<bool>& stop) {
    busy_work(extra_work);
    thread_local const std::array<std::byte, message_size> message{};
    for (Waiter wait;;) {
        if (queue.enqueue(message.data(), message.size())) return true;
        if (stop.load(std::memory_order_relaxed)) return false;
        wait.pause();
    }
}

bool consume(Queue& queue, int extra_work, const std::atomic<bool>& stop) {
    busy_work(extra_work);
    thread_local std::array<std::byte, message_size> into{};
    for (Waiter wait;;) {
        if (queue.receive(true, std::span<std::byte>(into)).status == Received::taken) return true;
        if (stop.load(std::memory_order_relaxed)) return false;
        wait.pause();
    }
}

void threaded(const Settings& settings, const std::string& scenario, int producers, int consumers) {
    Queue queue = Queue::create(unique_name("qthreads"), capacity, message_size, false);
    // The messages handed over: count the side with one thread (either, for SPSC).
    threads(settings, scenario,
            {{producers, producers == 1, [&](int, const std::atomic<bool>& stop) { return produce(queue, settings.extra_work, stop); }},
             {consumers, producers != 1, [&](int, const std::atomic<bool>& stop) { return consume(queue, settings.extra_work, stop); }}});
}

void queue_family(const Settings& settings, const std::function<bool(const std::string&)>& selected) {
    if (selected("queue_roundtrip_bytes_64") || selected("queue_roundtrip_bytebuffer_64")) {
        Queue queue = Queue::create(unique_name("queue"), capacity, message_size, false);
        const std::array<std::byte, message_size> message{};
        std::array<std::byte, message_size> into{};
        // Java's dequeue() returns a new array: the native counterpart of that row dequeues into
        // a new vector; the ByteBuffer row's counterpart receives into a reused buffer.
        if (selected("queue_roundtrip_bytes_64"))
            single(settings, "queue_roundtrip_bytes_64", [&] {
                queue.enqueue(message.data(), message.size());
                std::optional<std::vector<std::byte>> got = queue.dequeue();
                clobber();
            });
        if (selected("queue_roundtrip_bytebuffer_64"))
            single(settings, "queue_roundtrip_bytebuffer_64", [&] {
                queue.enqueue(message.data(), message.size());
                queue.receive(true, std::span<std::byte>(into));
            });
    }
    if (selected("queue_spsc_inprocess_64")) threaded(settings, "queue_spsc_inprocess_64", 1, 1);
    for (int n : {1, 2, 4, 8}) {
        const std::string producers = "queue_producers_" + std::to_string(n);
        if (selected(producers)) threaded(settings, producers, n, 1);
    }
    for (int n : {1, 2, 4, 8}) {
        const std::string consumers = "queue_consumers_" + std::to_string(n);
        if (selected(consumers)) threaded(settings, consumers, 1, n);
    }
}

const Registration registration("queue", queue_family);

}  // namespace
}  // namespace lsm::bench
