// Fixtures of the C ABI tests: a fresh stream (writer and reader) or queue under a unique name,
// and a raw mapping of its segment to play an upstream peer's part (lock words). Every handle
// is freed and the name removed at scope end, also when a REQUIRE stops the test.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <string>

#include "check.hpp"
#include "lsm_c.h"

namespace lsm::test {

template <typename T, void (*Free)(T*)>
struct CFree {
    void operator()(T* handle) const noexcept { Free(handle); }
};

// Owns a C ABI handle; converts to it, so calls take the owner as they took the pointer.
template <typename T, void (*Free)(T*)>
class CHandle {
public:
    explicit CHandle(T* handle = nullptr) noexcept : handle_(handle) {}
    operator T*() const noexcept { return handle_.get(); }
    T* get() const noexcept { return handle_.get(); }
    // Leaves the handle unfreed: for a test whose call may still run on a thread of its own.
    void leak() noexcept { (void)handle_.release(); }

private:
    std::unique_ptr<T, CFree<T, Free>> handle_;
};

using CWriter = CHandle<lsm_stream_writer, lsm_stream_writer_free>;
using CReader = CHandle<lsm_stream_reader, lsm_stream_reader_free>;
using CQueueHandle = CHandle<lsm_queue, lsm_queue_free>;
using CMemory = CHandle<lsm_memory, lsm_free>;

// Stores a 32-bit value at `offset` of a raw mapping, as a peer writing a header field would.
inline void put_u32(lsm_memory* raw, std::size_t offset, std::uint32_t value) {
    std::memcpy(static_cast<char*>(lsm_data(raw)) + offset, &value, sizeof value);
}

// A fresh name, removed after every handle, and a raw mapping of its segment.
class CSegmentFixture {
    NameCleanup cleanup_;  // first: constructed before the name, destroyed after every handle

public:
    const std::string name;

    // A raw mapping of the whole segment (opened on first use).
    lsm_memory* raw() {
        if (!raw_) raw_ = CMemory(lsm_open(name.c_str(), size_, persistent_));
        REQUIRE(raw_ != nullptr);
        return raw_;
    }

protected:
    CSegmentFixture(const std::string& stem, std::size_t size, int persistent)
        : name(cleanup_.add(unique_name(stem))), size_(size), persistent_(persistent) {}
    void leak_raw() noexcept { raw_.leak(); }

private:
    std::size_t size_;
    int persistent_;
    CMemory raw_;
};

// A stream of `size` bytes (header included): a writer that created it and a reader.
struct CStream : CSegmentFixture {
    CStream(const std::string& stem, std::size_t size, int persistent = 1)
        : CSegmentFixture(stem, size, persistent),
          writer(lsm_stream_writer_create(name.c_str(), size, persistent)),
          reader(writer ? lsm_stream_reader_open(name.c_str(), size, persistent) : nullptr) {
        REQUIRE(writer != nullptr);
        REQUIRE(reader != nullptr);
    }

    // After a call that may still run on another thread: its handles are left unfreed.
    void leak() noexcept {
        writer.leak();
        reader.leak();
        leak_raw();
    }

    CWriter writer;
    CReader reader;
};

// A queue this handle created.
struct CQueue : CSegmentFixture {
    CQueue(const std::string& stem, std::uint32_t capacity, std::uint32_t max_message_size, int persistent = 1)
        : CSegmentFixture(stem, 28 + std::size_t(capacity) * (4 + max_message_size), persistent),
          capacity_(capacity), max_message_size_(max_message_size), persistent_(persistent),
          queue(lsm_queue_create(name.c_str(), capacity, max_message_size, persistent)) {
        REQUIRE(queue != nullptr);
    }

    // Another handle of the queue (lsm_queue_open), as a second process would have.
    CQueueHandle open() const {
        CQueueHandle other(lsm_queue_open(name.c_str(), capacity_, max_message_size_, persistent_));
        REQUIRE(other != nullptr);
        return other;
    }

    // After a call that may still run on another thread: its handles are left unfreed.
    void leak() noexcept {
        queue.leak();
        leak_raw();
    }

private:
    std::uint32_t capacity_;
    std::uint32_t max_message_size_;
    int persistent_;

public:
    CQueueHandle queue;
};

}  // namespace lsm::test
