// The queue functions of lsm_c.h over lsm::Queue.
#include <chrono>
#include <span>

#include "c_abi_errors.hpp"
#include "lsm/queue.hpp"
#include "lsm_c.h"

using lsm::Error;
using lsm::ErrorCode;
using lsm::Queue;
using lsm::c_abi::guarded;

struct lsm_queue {
    Queue queue;
};

namespace {

void require_name(const char* name) {
    if (name == nullptr) throw Error(ErrorCode::invalid_name, "queue name is NULL");
}

Queue& require(lsm_queue* handle) {
    if (handle == nullptr) throw Error(ErrorCode::invalid_argument, "queue handle is NULL");
    return handle->queue;
}

int receive(lsm_queue* handle, bool remove, void* buffer, size_t buffer_size, size_t* length) {
    return guarded<int>(-1, [&] {
        Queue& queue = require(handle);
        if (buffer == nullptr && buffer_size > 0)
            throw Error(ErrorCode::invalid_argument, "queue '" + queue.name() + "': buffer is NULL");
        const auto result = queue.receive(remove, std::span<std::byte>(static_cast<std::byte*>(buffer), buffer_size));
        if (length != nullptr) *length = result.length;
        switch (result.status) {
            case lsm::Received::empty: return 0;
            case lsm::Received::taken: return 1;
            case lsm::Received::declined: break;
        }
        throw Error(ErrorCode::too_large, "queue '" + queue.name() + "': the message has " +
                                              std::to_string(result.length) + " bytes, the buffer only " +
                                              std::to_string(buffer_size));
    });
}

}  // namespace

extern "C" {

lsm_queue* lsm_queue_create_with_mode(const char* name, uint32_t capacity, uint32_t max_message_size, int persistent,
                                      unsigned mode) {
    return guarded<lsm_queue*>(nullptr, [&] {
        require_name(name);
        return new lsm_queue{Queue::create(name, capacity, max_message_size, persistent != 0, mode)};
    });
}

lsm_queue* lsm_queue_create(const char* name, uint32_t capacity, uint32_t max_message_size, int persistent) {
    return lsm_queue_create_with_mode(name, capacity, max_message_size, persistent, lsm::Segment::default_mode);
}

lsm_queue* lsm_queue_open(const char* name, uint32_t capacity, uint32_t max_message_size, int persistent) {
    return guarded<lsm_queue*>(nullptr, [&] {
        require_name(name);
        return new lsm_queue{Queue::open(name, capacity, max_message_size, persistent != 0)};
    });
}

lsm_queue* lsm_queue_open_existing(const char* name, int persistent) {
    return guarded<lsm_queue*>(nullptr, [&] {
        require_name(name);
        return new lsm_queue{Queue::open_existing(name, persistent != 0)};
    });
}

int lsm_queue_enqueue(lsm_queue* handle, const void* data, size_t length) {
    return guarded<int>(-1, [&] { return require(handle).enqueue(data, length) ? 1 : 0; });
}

int lsm_queue_dequeue(lsm_queue* handle, void* buffer, size_t buffer_size, size_t* length) {
    return receive(handle, true, buffer, buffer_size, length);
}

int lsm_queue_peek(lsm_queue* handle, void* buffer, size_t buffer_size, size_t* length) {
    return receive(handle, false, buffer, buffer_size, length);
}

int64_t lsm_queue_size(lsm_queue* handle) {
    return guarded<int64_t>(-1, [&] { return static_cast<int64_t>(require(handle).size()); });
}

uint32_t lsm_queue_capacity(lsm_queue* handle) { return handle != nullptr ? handle->queue.capacity() : 0; }

uint32_t lsm_queue_max_message_size(lsm_queue* handle) {
    return handle != nullptr ? handle->queue.max_message_size() : 0;
}

void lsm_queue_set_lock_timeout_ms(lsm_queue* handle, uint32_t milliseconds) {
    if (handle != nullptr) handle->queue.set_lock_timeout(std::chrono::milliseconds(milliseconds));
}

void lsm_queue_destroy(lsm_queue* handle) {
    if (handle == nullptr) return;
    guarded<int>(0, [&] {
        handle->queue.segment().destroy();
        return 0;
    });
}

void lsm_queue_free(lsm_queue* handle) { delete handle; }

}  // extern "C"
