// The segment functions of lsm_c.h over lsm::Segment.
#include <new>

#include "c_abi_errors.hpp"
#include "lsm/segment.hpp"
#include "lsm_c.h"

using lsm::c_abi::guarded;

struct lsm_memory {
    lsm::Segment segment;
};

extern "C" {

lsm_memory* lsm_create_with_mode(const char* name, size_t size, int persistent, unsigned mode) {
    return guarded<lsm_memory*>(nullptr, [&] {
        if (name == nullptr) throw lsm::Error(lsm::ErrorCode::invalid_name, "segment name is NULL");
        return new lsm_memory{lsm::Segment::create(name, size, persistent != 0, mode)};
    });
}

lsm_memory* lsm_create(const char* name, size_t size, int persistent) {
    return lsm_create_with_mode(name, size, persistent, lsm::Segment::default_mode);
}

lsm_memory* lsm_open(const char* name, size_t size, int persistent) {
    return guarded<lsm_memory*>(nullptr, [&] {
        if (name == nullptr) throw lsm::Error(lsm::ErrorCode::invalid_name, "segment name is NULL");
        return new lsm_memory{lsm::Segment::open(name, size, persistent != 0)};
    });
}

lsm_memory* lsm_open_existing(const char* name, int persistent) {
    return guarded<lsm_memory*>(nullptr, [&] {
        if (name == nullptr) throw lsm::Error(lsm::ErrorCode::invalid_name, "segment name is NULL");
        return new lsm_memory{lsm::Segment::open_existing(name, persistent != 0)};
    });
}

lsm_memory* lsm_open_or_create_with_mode(const char* name, size_t size, int persistent, unsigned mode, int* created) {
    return guarded<lsm_memory*>(nullptr, [&] {
        if (name == nullptr) throw lsm::Error(lsm::ErrorCode::invalid_name, "segment name is NULL");
        auto* memory = new lsm_memory{lsm::Segment::open_or_create(name, size, persistent != 0, mode)};
        if (created != nullptr) *created = memory->segment.created() ? 1 : 0;
        return memory;
    });
}

lsm_memory* lsm_open_or_create(const char* name, size_t size, int persistent, int* created) {
    return lsm_open_or_create_with_mode(name, size, persistent, lsm::Segment::default_mode, created);
}

void* lsm_data(lsm_memory* mem) { return mem != nullptr ? mem->segment.data() : nullptr; }

size_t lsm_size(lsm_memory* mem) { return mem != nullptr && mem->segment.is_open() ? mem->segment.size() : 0; }

void lsm_close(lsm_memory* mem) {
    if (mem != nullptr) mem->segment.close();
}

void lsm_destroy(lsm_memory* mem) {
    if (mem == nullptr) return;
    guarded<int>(0, [&] {
        mem->segment.destroy();
        return 0;
    });
}

void lsm_free(lsm_memory* mem) { delete mem; }

int lsm_is_stale(lsm_memory* mem) {
    return guarded<int>(-1, [&] {
        if (mem == nullptr) throw lsm::Error(lsm::ErrorCode::invalid_argument, "handle is NULL");
        return mem->segment.is_stale() ? 1 : 0;
    });
}

int lsm_remove(const char* name) {
    return guarded<int>(-1, [&] {
        if (name == nullptr) throw lsm::Error(lsm::ErrorCode::invalid_name, "segment name is NULL");
        return lsm::Segment::remove(name) ? 1 : 0;
    });
}

}  // extern "C"
