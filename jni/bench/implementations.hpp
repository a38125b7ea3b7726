// The three native implementations a scenario of the call-path and workload families runs on,
// behind one shape, so each scenario is written once (call_scenarios.cpp, workload_scenarios.cpp):
//   Floor - the wire format's steps alone (floor.hpp);
//   Core  - this project's C++ core (lsm/stream.hpp, lsm/queue.hpp), what the bindings wrap;
//   CAbi  - the C ABI (lsm_c.h), the functions the Java foreign route calls.
// Each has Writer(name, size), Reader(name, size), Queue(name, capacity, maxMessageSize, create)
// with write(data, n), read(into, capacity) -> size, enqueue(data, n) -> bool and
// dequeue(into, capacity) -> length or -1 when empty. A row's name is prefix + scenario.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>

#include "floor.hpp"
#include "lsm/queue.hpp"
#include "lsm/stream.hpp"
#include "lsm_c.h"

namespace lsm::bench {

struct Floor {
    static constexpr const char* prefix = "floor:";
    struct Writer {
        floor::Stream stream;
        Writer(const std::string& name, std::size_t size) : stream(floor::Stream::create(name, size)) {}
        void write(const void* data, std::size_t bytes) { stream.write(2, data, static_cast<std::uint32_t>(bytes)); }
    };
    struct Reader {
        floor::Stream stream;
        Reader(const std::string& name, std::size_t size) : stream(floor::Stream::open(name, size)) {}
        std::size_t read(void* into, std::size_t) { return stream.read(into); }
    };
    struct Queue {
        floor::Queue queue;
        Queue(const std::string& name, std::uint32_t capacity, std::uint32_t max_message_size, bool create)
            : queue(create ? floor::Queue::create(name, capacity, max_message_size)
                           : floor::Queue::open(name, capacity, max_message_size)) {}
        bool enqueue(const void* data, std::size_t bytes) { return queue.enqueue(data, static_cast<std::uint32_t>(bytes)); }
        std::int64_t dequeue(void* into, std::size_t) { return queue.dequeue(into); }
    };
};

struct Core {
    static constexpr const char* prefix = "";
    struct Writer {
        StreamWriter stream;
        Writer(const std::string& name, std::size_t size) : stream(name, size, false) {}
        void write(const void* data, std::size_t bytes) { stream.write(StreamType::string, data, bytes); }
    };
    struct Reader {
        StreamReader stream;
        Reader(const std::string& name, std::size_t size) : stream(name, size, true) {}
        std::size_t read(void* into, std::size_t capacity) { return stream.read_into(into, capacity); }
    };
    struct Queue {
        lsm::Queue queue;
        Queue(const std::string& name, std::uint32_t capacity, std::uint32_t max_message_size, bool create)
            : queue(create ? lsm::Queue::create(name, capacity, max_message_size, false)
                           : lsm::Queue::open(name, capacity, max_message_size, true)) {}
        bool enqueue(const void* data, std::size_t bytes) { return queue.enqueue(data, bytes); }
        std::int64_t dequeue(void* into, std::size_t capacity) {
            const ReceiveResult got = queue.receive(true, std::span<std::byte>(static_cast<std::byte*>(into), capacity));
            return got.status == Received::taken ? std::int64_t{got.length} : -1;
        }
    };
};

struct CAbi {
    static constexpr const char* prefix = "cabi:";
    // A C ABI call that failed: its error message.
    [[noreturn]] static void fail(const char* call) {
        throw std::runtime_error(std::string(call) + ": " + lsm_last_error_message());
    }
    template <class T>
    static T* checked(T* handle, const char* call) {
        if (handle == nullptr) fail(call);
        return handle;
    }
    struct Writer {
        std::unique_ptr<lsm_stream_writer, decltype(&lsm_stream_writer_free)> stream;
        Writer(const std::string& name, std::size_t size)
            : stream(checked(lsm_stream_writer_create(name.c_str(), size, 0), "lsm_stream_writer_create"),
                     &lsm_stream_writer_free) {}
        void write(const void* data, std::size_t bytes) {
            if (lsm_stream_writer_write(stream.get(), LSM_STREAM_STRING, data, bytes) != 0) fail("lsm_stream_writer_write");
        }
    };
    struct Reader {
        std::unique_ptr<lsm_stream_reader, decltype(&lsm_stream_reader_free)> stream;
        Reader(const std::string& name, std::size_t size)
            : stream(checked(lsm_stream_reader_open(name.c_str(), size, 1), "lsm_stream_reader_open"),
                     &lsm_stream_reader_free) {}
        std::size_t read(void* into, std::size_t capacity) {
            const std::int64_t bytes = lsm_stream_reader_read(stream.get(), into, capacity);
            if (bytes < 0) fail("lsm_stream_reader_read");
            return static_cast<std::size_t>(bytes);
        }
    };
    struct Queue {
        std::unique_ptr<lsm_queue, decltype(&lsm_queue_free)> queue;
        Queue(const std::string& name, std::uint32_t capacity, std::uint32_t max_message_size, bool create)
            : queue(create ? checked(lsm_queue_create(name.c_str(), capacity, max_message_size, 0), "lsm_queue_create")
                           : checked(lsm_queue_open(name.c_str(), capacity, max_message_size, 1), "lsm_queue_open"),
                    &lsm_queue_free) {}
        bool enqueue(const void* data, std::size_t bytes) {
            const int done = lsm_queue_enqueue(queue.get(), data, bytes);
            if (done < 0) fail("lsm_queue_enqueue");
            return done == 1;
        }
        std::int64_t dequeue(void* into, std::size_t capacity) {
            std::size_t length = 0;
            const int done = lsm_queue_dequeue(queue.get(), into, capacity, &length);
            if (done < 0) fail("lsm_queue_dequeue");
            return done == 1 ? static_cast<std::int64_t>(length) : -1;
        }
    };
};

// Calls body.template operator()<Impl>() for the floor, the core and the C ABI, in that order.
template <class Body>
void for_each_implementation(Body&& body) {
    body.template operator()<Floor>();
    body.template operator()<Core>();
    body.template operator()<CAbi>();
}

}  // namespace lsm::bench
