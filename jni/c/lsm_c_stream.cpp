// The stream functions of lsm_c.h over lsm::StreamWriter / lsm::StreamReader.
#include <chrono>

#include "c_abi_errors.hpp"
#include "lsm/stream.hpp"
#include "lsm_c.h"

using lsm::Error;
using lsm::ErrorCode;
using lsm::c_abi::guarded;

struct lsm_stream_writer {
    lsm::StreamWriter writer;
};

struct lsm_stream_reader {
    lsm::StreamReader reader;
};

namespace {

const char* checked_name(const char* name) {
    if (name == nullptr) throw Error(ErrorCode::invalid_name, "segment name is NULL");
    return name;
}

template <typename Handle>
Handle* checked(Handle* handle) {
    if (handle == nullptr) throw Error(ErrorCode::invalid_argument, "stream handle is NULL");
    return handle;
}

std::chrono::nanoseconds timeout_from(int64_t milliseconds) {
    if (milliseconds < 0)
        throw Error(ErrorCode::invalid_argument, "lock timeout must not be negative, was " +
                                                     std::to_string(milliseconds) + " ms");
    return std::chrono::milliseconds(milliseconds);
}

}  // namespace

extern "C" {

lsm_stream_writer* lsm_stream_writer_create(const char* name, size_t size, int persistent) {
    return guarded<lsm_stream_writer*>(nullptr, [&] {
        return new lsm_stream_writer{lsm::StreamWriter(checked_name(name), size, persistent != 0)};
    });
}

int lsm_stream_writer_write(lsm_stream_writer* writer, int type, const void* data, size_t bytes) {
    return guarded<int>(-1, [&] {
        checked(writer)->writer.write(static_cast<lsm::StreamType>(type >= 0 && type <= 0xFF ? type : 0), data, bytes);
        return 0;
    });
}

int lsm_stream_writer_is_message_read(lsm_stream_writer* writer) {
    return guarded<int>(-1, [&] { return checked(writer)->writer.is_message_read() ? 1 : 0; });
}

int64_t lsm_stream_writer_revision(lsm_stream_writer* writer) {
    return guarded<int64_t>(-1, [&] { return static_cast<int64_t>(checked(writer)->writer.revision()); });
}

int lsm_stream_writer_set_lock_timeout_ms(lsm_stream_writer* writer, int64_t milliseconds) {
    return guarded<int>(-1, [&] {
        checked(writer)->writer.set_lock_timeout(timeout_from(milliseconds));
        return 0;
    });
}

int lsm_stream_writer_destroy(lsm_stream_writer* writer) {
    return guarded<int>(-1, [&] {
        checked(writer)->writer.destroy();
        return 0;
    });
}

void lsm_stream_writer_free(lsm_stream_writer* writer) { delete writer; }

lsm_stream_reader* lsm_stream_reader_open(const char* name, size_t size, int persistent) {
    return guarded<lsm_stream_reader*>(nullptr, [&] {
        return new lsm_stream_reader{lsm::StreamReader(checked_name(name), size, persistent != 0)};
    });
}

int64_t lsm_stream_reader_read(lsm_stream_reader* reader, void* dst, size_t capacity) {
    return guarded<int64_t>(-1, [&] {
        if (dst == nullptr && capacity != 0) throw Error(ErrorCode::invalid_argument, "destination is NULL");
        return static_cast<int64_t>(checked(reader)->reader.read_into(dst, capacity));
    });
}

int64_t lsm_stream_reader_size(lsm_stream_reader* reader) {
    return guarded<int64_t>(-1, [&] { return static_cast<int64_t>(checked(reader)->reader.payload_size()); });
}

int lsm_stream_reader_flags(lsm_stream_reader* reader) {
    return guarded<int>(-1, [&] { return static_cast<int>(checked(reader)->reader.flags()); });
}

int lsm_stream_reader_has_new_data(lsm_stream_reader* reader) {
    return guarded<int>(-1, [&] { return checked(reader)->reader.has_new_data() ? 1 : 0; });
}

int lsm_stream_reader_mark_as_read(lsm_stream_reader* reader) {
    return guarded<int>(-1, [&] {
        checked(reader)->reader.mark_as_read();
        return 0;
    });
}

int lsm_stream_reader_set_lock_timeout_ms(lsm_stream_reader* reader, int64_t milliseconds) {
    return guarded<int>(-1, [&] {
        checked(reader)->reader.set_lock_timeout(timeout_from(milliseconds));
        return 0;
    });
}

void lsm_stream_reader_free(lsm_stream_reader* reader) { delete reader; }

}  // extern "C"
