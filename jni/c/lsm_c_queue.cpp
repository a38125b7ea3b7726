// The queue functions of lsm_c.h over lsm::Queue.
#include <cstring>
#include <span>

#include "c_abi_errors.hpp"
#include "c_abi_follow.hpp"
#include "c_abi_handles.hpp"
#include "c_abi_timeout.hpp"
#include "lsm_c.h"

using lsm::Error;
using lsm::ErrorCode;
using lsm::Queue;
using lsm::c_abi::guarded;
using lsm::c_abi::guarded_call;

namespace {

void require_name(const char* name) {
    if (name == nullptr) throw Error(ErrorCode::invalid_name, "queue name is NULL");
}

[[noreturn]] [[gnu::noinline]] [[gnu::cold]] void refuse_null_buffer(const Queue& queue) {
    throw Error(ErrorCode::invalid_argument, "queue '" + queue.name() + "': buffer is NULL");
}

LSM_HOT_INLINE lsm::ReceiveResult receive_into(Queue& queue, bool remove, void* buffer, size_t buffer_size) {
    if (buffer == nullptr && buffer_size > 0) [[unlikely]]
        refuse_null_buffer(queue);
    return queue.receive(remove, std::span<std::byte>(static_cast<std::byte*>(buffer), buffer_size));
}

// `which` of lsm_queue_lock_holder and lsm_queue_force_unlock[_if]: true for the producer lock.
bool is_producer_lock(int which) {
    if (which != LSM_QUEUE_PRODUCER_LOCK && which != LSM_QUEUE_CONSUMER_LOCK)
        throw Error(ErrorCode::invalid_argument, "queue lock " + std::to_string(which) + " is neither "
                                                 "LSM_QUEUE_PRODUCER_LOCK nor LSM_QUEUE_CONSUMER_LOCK");
    return which == LSM_QUEUE_PRODUCER_LOCK;
}

int receive(lsm_queue* handle, bool remove, void* buffer, size_t buffer_size, size_t* length) {
    return guarded_call<int>(handle, LSM_RESULT_ERROR, [&](Queue& queue) {
        const auto result = receive_into(queue, remove, buffer, buffer_size);
        if (length != nullptr) *length = result.length;
        switch (result.status) {
            case lsm::Received::empty: return 0;
            case lsm::Received::taken: return 1;
            case lsm::Received::declined: break;
        }
        return LSM_TOO_SMALL_SEE_LENGTH;  // an answer, not an error: the size needed is in *length
    });
}

}  // namespace

extern "C" {

lsm_queue* lsm_queue_create_with_mode(const char* name, uint32_t capacity, uint32_t max_message_size, int persistent,
                                      unsigned mode) {
    return guarded<lsm_queue*>(nullptr, [&] {
        require_name(name);
        return new lsm_queue("queue", Queue::create(name, capacity, max_message_size, persistent != 0, mode));
    });
}

lsm_queue* lsm_queue_create(const char* name, uint32_t capacity, uint32_t max_message_size, int persistent) {
    return lsm_queue_create_with_mode(name, capacity, max_message_size, persistent, lsm::Segment::default_mode);
}

lsm_queue* lsm_queue_open(const char* name, uint32_t capacity, uint32_t max_message_size, int persistent) {
    return guarded<lsm_queue*>(nullptr, [&] {
        require_name(name);
        return new lsm_queue("queue", Queue::open(name, capacity, max_message_size, persistent != 0));
    });
}

lsm_queue* lsm_queue_open_existing(const char* name, int persistent) {
    return guarded<lsm_queue*>(nullptr, [&] {
        require_name(name);
        return new lsm_queue("queue", Queue::open_existing(name, persistent != 0));
    });
}

lsm_queue* lsm_queue_open_or_create(const char* name, uint32_t capacity, uint32_t max_message_size, int persistent,
                                    int* created) {
    return guarded<lsm_queue*>(nullptr, [&] {
        require_name(name);
        auto* queue = new lsm_queue("queue", Queue::open_or_create(name, capacity, max_message_size, persistent != 0));
        if (created != nullptr) *created = queue->created() ? 1 : 0;
        return queue;
    });
}

int lsm_queue_enqueue(lsm_queue* handle, const void* data, size_t length) {
    return guarded_call<int>(handle, -1, [&](Queue& queue) { return queue.enqueue(data, length) ? 1 : 0; });
}

int lsm_queue_try_enqueue(lsm_queue* handle, const void* data, size_t length) {
    const lsm::LockWaitCap cap(lsm::c_abi::try_lock_wait);
    return lsm_queue_enqueue(handle, data, length);
}

int lsm_queue_enqueue_utf16(lsm_queue* handle, const uint16_t* chars, size_t count) {
    return guarded_call<int>(handle, -1, [&](Queue& queue) { return queue.enqueue_utf16(chars, count) ? 1 : 0; });
}

int lsm_queue_try_enqueue_utf16(lsm_queue* handle, const uint16_t* chars, size_t count) {
    const lsm::LockWaitCap cap(lsm::c_abi::try_lock_wait);
    return lsm_queue_enqueue_utf16(handle, chars, count);
}

int64_t lsm_queue_try_take(lsm_queue* handle, int remove, void* buffer, size_t buffer_size) {
    const lsm::LockWaitCap cap(lsm::c_abi::try_lock_wait);
    return guarded_call<int64_t>(handle, LSM_RESULT_ERROR, [&](Queue& queue) -> int64_t {
        const auto result = receive_into(queue, remove != 0, buffer, buffer_size);
        switch (result.status) {
            case lsm::Received::taken: return static_cast<int64_t>(result.length);
            case lsm::Received::empty: return LSM_RESULT_EMPTY;
            case lsm::Received::declined: break;
        }
        return LSM_TOO_SMALL(result.length);  // an answer, not an error: no exception
    });
}

int lsm_queue_dequeue(lsm_queue* handle, void* buffer, size_t buffer_size, size_t* length) {
    return receive(handle, true, buffer, buffer_size, length);
}

int lsm_queue_peek(lsm_queue* handle, void* buffer, size_t buffer_size, size_t* length) {
    return receive(handle, false, buffer, buffer_size, length);
}

int64_t lsm_queue_size(lsm_queue* handle) {
    return guarded_call<int64_t>(handle, -1, [&](Queue& queue) { return static_cast<int64_t>(queue.size()); });
}

int lsm_queue_wait_not_empty(lsm_queue* handle, int64_t timeout_ms) {
    return guarded_call<int>(handle, LSM_RESULT_ERROR, [&](Queue& queue) {
        return lsm::c_abi::wait_result(queue.wait_not_empty(lsm::c_abi::wait_timeout_from(timeout_ms)));
    });
}

int lsm_queue_wait_not_full(lsm_queue* handle, int64_t timeout_ms) {
    return guarded_call<int>(handle, LSM_RESULT_ERROR, [&](Queue& queue) {
        return lsm::c_abi::wait_result(queue.wait_not_full(lsm::c_abi::wait_timeout_from(timeout_ms)));
    });
}

uint32_t lsm_queue_capacity(lsm_queue* handle) {
    return guarded_call<uint32_t>(handle, 0, [](Queue& queue) { return queue.capacity(); });
}

uint32_t lsm_queue_max_message_size(lsm_queue* handle) {
    return guarded_call<uint32_t>(handle, 0, [](Queue& queue) { return queue.max_message_size(); });
}

int lsm_queue_set_lock_timeout_ms(lsm_queue* handle, int64_t milliseconds) {
    return guarded_call<int>(handle, -1, [&](Queue& queue) {
        queue.set_lock_timeout(lsm::c_abi::timeout_from(milliseconds));
        return 0;
    });
}

int64_t lsm_queue_lock_holder(lsm_queue* handle, int which) {
    return guarded_call<int64_t>(handle, -1, [&](Queue& queue) {
        return static_cast<int64_t>(is_producer_lock(which) ? queue.producer_lock_holder() : queue.consumer_lock_holder());
    });
}

int64_t lsm_queue_force_unlock(lsm_queue* handle, int which) {
    return guarded_call<int64_t>(handle, -1, [&](Queue& queue) {
        return static_cast<int64_t>(is_producer_lock(which) ? queue.force_unlock_producers() : queue.force_unlock_consumers());
    });
}

int64_t lsm_queue_force_unlock_if(lsm_queue* handle, int which, uint32_t expected) {
    return guarded_call<int64_t>(handle, -1, [&](Queue& queue) {
        return static_cast<int64_t>(is_producer_lock(which) ? queue.force_unlock_producers_if(expected)
                                                            : queue.force_unlock_consumers_if(expected));
    });
}

int lsm_queue_follow(lsm_queue* handle) {
    return guarded<int>(-1, [&] { return lsm::c_abi::follow(handle); });
}

int lsm_queue_is_stale(lsm_queue* handle) {
    return guarded_call<int>(handle, -1, [](Queue& queue) { return queue.is_stale() ? 1 : 0; });
}

int lsm_queue_destroy(lsm_queue* handle) {
    return guarded_call<int>(handle, -1, [](Queue& queue) {
        queue.segment().destroy();
        return 0;
    });
}

}  // extern "C"

namespace {

// The batch loops of lsm_queue_[try_]enqueue_packed / take_packed. A try call (`partial`) that fails
// after it moved some messages answers what it moved + LSM_BATCH_MORE instead of the error: a caller
// that repeats a failed try through the blocking call then repeats only what was not done.
int64_t enqueue_packed(lsm_queue* handle, const void* records, size_t used, uint32_t count, bool partial) {
    return guarded_call<int64_t>(handle, LSM_RESULT_ERROR, [&](Queue& queue) -> int64_t {
        if (records == nullptr && used != 0)
            throw Error(ErrorCode::invalid_argument, "queue '" + queue.name() + "': records is NULL");
        const auto* base = static_cast<const std::byte*>(records);
        std::size_t at = 0;
        int64_t enqueued = 0;
        const auto overrun = [&] {
            return Error(ErrorCode::invalid_argument, "queue '" + queue.name() + "': batch record " +
                                                          std::to_string(enqueued) + " overruns the batch");
        };
        for (; enqueued < static_cast<int64_t>(count); ++enqueued) {
            uint32_t length = 0;
            if (used - at < sizeof length) throw overrun();
            std::memcpy(&length, base + at, sizeof length);
            at += sizeof length;
            if (length > used - at) throw overrun();
            try {
                if (!queue.enqueue(base + at, length)) break;  // full
            } catch (const Error&) {
                if (partial && enqueued > 0) return enqueued + LSM_BATCH_MORE;
                throw;
            }
            at += length;
        }
        return enqueued;
    });
}

int64_t take_packed(lsm_queue* handle, void* buffer, size_t size, uint32_t max, bool partial) {
    return guarded_call<int64_t>(handle, LSM_RESULT_ERROR, [&](Queue& queue) -> int64_t {
        if (buffer == nullptr && size != 0)
            throw Error(ErrorCode::invalid_argument, "queue '" + queue.name() + "': buffer is NULL");
        auto* base = static_cast<std::byte*>(buffer);
        constexpr std::size_t prefix = sizeof(uint32_t);
        std::size_t at = 0;
        int64_t taken = 0;
        while (taken < static_cast<int64_t>(max)) {
            if (size - at < prefix) {
                if (taken > 0) return taken + LSM_BATCH_MORE;
                // Not even a length fits: look, taking nothing, at what the first record needs.
                const lsm::ReceiveResult head = queue.receive(false, std::span<std::byte>());
                return head.status == lsm::Received::empty ? 0 : LSM_TOO_SMALL(prefix + head.length);
            }
            lsm::ReceiveResult result;
            try {
                result = queue.receive(true, std::span<std::byte>(base + at + prefix, size - at - prefix));
            } catch (const Error&) {
                if (partial && taken > 0) return taken + LSM_BATCH_MORE;
                throw;
            }
            if (result.status == lsm::Received::empty) break;
            if (result.status == lsm::Received::declined)
                return taken > 0 ? taken + LSM_BATCH_MORE : LSM_TOO_SMALL(prefix + result.length);
            std::memcpy(base + at, &result.length, prefix);
            at += prefix + result.length;
            ++taken;
        }
        return taken;
    });
}

}  // namespace

extern "C" {

int64_t lsm_queue_enqueue_packed(lsm_queue* handle, const void* records, size_t used, uint32_t count) {
    return enqueue_packed(handle, records, used, count, false);
}

int64_t lsm_queue_take_packed(lsm_queue* handle, void* buffer, size_t size, uint32_t max) {
    return take_packed(handle, buffer, size, max, false);
}

int64_t lsm_queue_try_enqueue_packed(lsm_queue* handle, const void* records, size_t used, uint32_t count) {
    const lsm::LockWaitCap cap(lsm::c_abi::try_lock_wait);
    return enqueue_packed(handle, records, used, count, true);
}

int64_t lsm_queue_try_take_packed(lsm_queue* handle, void* buffer, size_t size, uint32_t max) {
    const lsm::LockWaitCap cap(lsm::c_abi::try_lock_wait);
    return take_packed(handle, buffer, size, max, true);
}

void lsm_queue_close(lsm_queue* handle) {
    if (handle != nullptr) handle->close();
}

void lsm_queue_free(lsm_queue* handle) { delete handle; }

}  // extern "C"
