// The stream functions of lsm_c.h over lsm::StreamWriter / lsm::StreamReader.
#include "c_abi_errors.hpp"
#include "c_abi_follow.hpp"
#include "c_abi_handles.hpp"
#include "c_abi_timeout.hpp"
#include "lsm_c.h"

using lsm::Error;
using lsm::ErrorCode;
using lsm::StreamReader;
using lsm::StreamWriter;
using lsm::c_abi::guarded;
using lsm::c_abi::guarded_call;
using lsm::c_abi::timeout_from;
using lsm::c_abi::wait_result;
using lsm::c_abi::wait_timeout_from;

namespace {

const char* checked_name(const char* name) {
    if (name == nullptr) throw Error(ErrorCode::invalid_name, "segment name is NULL");
    return name;
}

[[noreturn]] void refuse_null_destination() { throw Error(ErrorCode::invalid_argument, "destination is NULL"); }

inline void require_destination(const void* dst, size_t capacity) {
    if (dst == nullptr && capacity != 0) [[unlikely]]
        refuse_null_destination();
}

// The payload into dst: its size, or LSM_TOO_SMALL(size) when it does not fit (nothing
// copied). Too small is an answer, not an error: no exception (microseconds), and the size
// goes back so that the caller can size its buffer for the next call.
LSM_HOT_INLINE int64_t read_answer(lsm_stream_reader* reader, void* dst, size_t capacity) {
    return guarded_call<int64_t>(reader, LSM_RESULT_ERROR, [&](StreamReader& stream) {
        require_destination(dst, capacity);
        bool fits = true;
        const std::size_t size = stream.read_with([&](std::size_t payload) {
            fits = payload <= capacity;
            return lsm::ReadTarget{static_cast<std::byte*>(dst), fits ? payload : 0};
        });
        return fits ? static_cast<int64_t>(size) : LSM_TOO_SMALL(size);
    });
}

}  // namespace

extern "C" {

lsm_stream_writer* lsm_stream_writer_create(const char* name, size_t size, int persistent) {
    return guarded<lsm_stream_writer*>(nullptr, [&] {
        return new lsm_stream_writer("stream", checked_name(name), size, persistent != 0);
    });
}

lsm_stream_writer* lsm_stream_writer_open_or_create(const char* name, size_t size, int persistent, int* created) {
    return guarded<lsm_stream_writer*>(nullptr, [&] {
        auto* writer = new lsm_stream_writer("stream", lsm::OpenOrCreate{}, checked_name(name), size, persistent != 0);
        if (created != nullptr) *created = writer->created() ? 1 : 0;
        return writer;
    });
}

int lsm_stream_writer_write(lsm_stream_writer* writer, int type, const void* data, size_t bytes) {
    return guarded_call<int>(writer, -1, [&](StreamWriter& stream) {
        stream.write(static_cast<lsm::StreamType>(type >= 0 && type <= 0xFF ? type : 0), data, bytes);
        return 0;
    });
}

int lsm_stream_writer_try_write(lsm_stream_writer* writer, int type, const void* data, size_t bytes) {
    const lsm::LockWaitCap cap(lsm::c_abi::try_lock_wait);
    return lsm_stream_writer_write(writer, type, data, bytes);
}

int lsm_stream_writer_write_utf16(lsm_stream_writer* writer, const uint16_t* chars, size_t count) {
    return guarded_call<int>(writer, -1, [&](StreamWriter& stream) {
        stream.write_utf16(chars, count);
        return 0;
    });
}

int lsm_stream_writer_try_write_utf16(lsm_stream_writer* writer, const uint16_t* chars, size_t count) {
    const lsm::LockWaitCap cap(lsm::c_abi::try_lock_wait);
    return lsm_stream_writer_write_utf16(writer, chars, count);
}

int lsm_stream_writer_is_message_read(lsm_stream_writer* writer) {
    return guarded_call<int>(writer, -1, [&](StreamWriter& stream) { return stream.is_message_read() ? 1 : 0; });
}

int lsm_stream_writer_wait_for_read(lsm_stream_writer* writer, int64_t timeout_ms) {
    return guarded_call<int>(writer, LSM_RESULT_ERROR, [&](StreamWriter& stream) {
        return wait_result(stream.wait_for_read(wait_timeout_from(timeout_ms)));
    });
}

int64_t lsm_stream_writer_revision(lsm_stream_writer* writer) {
    return guarded_call<int64_t>(writer, -1, [&](StreamWriter& stream) { return static_cast<int64_t>(stream.revision()); });
}

int lsm_stream_writer_set_lock_timeout_ms(lsm_stream_writer* writer, int64_t milliseconds) {
    return guarded_call<int>(writer, -1, [&](StreamWriter& stream) {
        stream.set_lock_timeout(timeout_from(milliseconds));
        return 0;
    });
}

int lsm_stream_writer_is_stale(lsm_stream_writer* writer) {
    return guarded_call<int>(writer, -1, [&](StreamWriter& stream) { return stream.is_stale() ? 1 : 0; });
}

int lsm_stream_writer_destroy(lsm_stream_writer* writer) {
    return guarded_call<int>(writer, -1, [&](StreamWriter& stream) {
        stream.destroy();
        return 0;
    });
}

void lsm_stream_writer_close(lsm_stream_writer* writer) {
    if (writer != nullptr) writer->close();
}

void lsm_stream_writer_free(lsm_stream_writer* writer) { delete writer; }

lsm_stream_reader* lsm_stream_reader_open(const char* name, size_t size, int persistent) {
    return guarded<lsm_stream_reader*>(nullptr, [&] {
        return new lsm_stream_reader("stream", checked_name(name), size, persistent != 0);
    });
}

lsm_stream_reader* lsm_stream_reader_open_existing(const char* name, int persistent) {
    return guarded<lsm_stream_reader*>(nullptr, [&] {
        return new lsm_stream_reader("stream", lsm::WholeSegment{}, checked_name(name), persistent != 0);
    });
}

int64_t lsm_stream_reader_read(lsm_stream_reader* reader, void* dst, size_t capacity) {
    return read_answer(reader, dst, capacity);
}

int64_t lsm_stream_reader_try_read(lsm_stream_reader* reader, void* dst, size_t capacity) {
    const lsm::LockWaitCap cap(lsm::c_abi::try_lock_wait);
    return read_answer(reader, dst, capacity);
}

int64_t lsm_stream_reader_size(lsm_stream_reader* reader) {
    return guarded_call<int64_t>(reader, -1, [&](StreamReader& stream) { return static_cast<int64_t>(stream.payload_size()); });
}

int lsm_stream_reader_flags(lsm_stream_reader* reader) {
    return guarded_call<int>(reader, -1, [&](StreamReader& stream) { return static_cast<int>(stream.flags()); });
}

int lsm_stream_reader_has_new_data(lsm_stream_reader* reader) {
    return guarded_call<int>(reader, -1, [&](StreamReader& stream) { return stream.has_new_data() ? 1 : 0; });
}

int lsm_stream_reader_mark_as_read(lsm_stream_reader* reader) {
    return guarded_call<int>(reader, -1, [&](StreamReader& stream) {
        stream.mark_as_read();
        return 0;
    });
}

int lsm_stream_reader_wait_new_data(lsm_stream_reader* reader, int64_t timeout_ms) {
    return guarded_call<int>(reader, LSM_RESULT_ERROR, [&](StreamReader& stream) {
        return wait_result(stream.wait_new_data(wait_timeout_from(timeout_ms)));
    });
}

int lsm_stream_reader_set_lock_timeout_ms(lsm_stream_reader* reader, int64_t milliseconds) {
    return guarded_call<int>(reader, -1, [&](StreamReader& stream) {
        stream.set_lock_timeout(timeout_from(milliseconds));
        return 0;
    });
}

int lsm_stream_reader_follow(lsm_stream_reader* reader) {
    return guarded<int>(-1, [&] { return lsm::c_abi::follow(reader); });
}

int lsm_stream_reader_is_stale(lsm_stream_reader* reader) {
    return guarded_call<int>(reader, -1, [&](StreamReader& stream) { return stream.is_stale() ? 1 : 0; });
}

void lsm_stream_reader_close(lsm_stream_reader* reader) {
    if (reader != nullptr) reader->close();
}

void lsm_stream_reader_free(lsm_stream_reader* reader) { delete reader; }

int64_t lsm_stream_writer_lock_holder(lsm_stream_writer* writer) {
    return guarded_call<int64_t>(writer, -1, [&](StreamWriter& stream) { return static_cast<int64_t>(stream.lock_holder()); });
}

int64_t lsm_stream_reader_lock_holder(lsm_stream_reader* reader) {
    return guarded_call<int64_t>(reader, -1, [&](StreamReader& stream) { return static_cast<int64_t>(stream.lock_holder()); });
}

int64_t lsm_stream_writer_force_unlock(lsm_stream_writer* writer) {
    return guarded_call<int64_t>(writer, -1, [&](StreamWriter& stream) { return static_cast<int64_t>(stream.force_unlock()); });
}

int64_t lsm_stream_reader_force_unlock(lsm_stream_reader* reader) {
    return guarded_call<int64_t>(reader, -1, [&](StreamReader& stream) { return static_cast<int64_t>(stream.force_unlock()); });
}

int64_t lsm_stream_writer_force_unlock_if(lsm_stream_writer* writer, uint32_t expected) {
    return guarded_call<int64_t>(writer, -1, [&](StreamWriter& stream) { return static_cast<int64_t>(stream.force_unlock_if(expected)); });
}

int64_t lsm_stream_reader_force_unlock_if(lsm_stream_reader* reader, uint32_t expected) {
    return guarded_call<int64_t>(reader, -1, [&](StreamReader& stream) { return static_cast<int64_t>(stream.force_unlock_if(expected)); });
}

}  // extern "C"
