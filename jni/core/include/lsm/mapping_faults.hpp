// Surviving a segment that another process shrinks (ftruncate) while we have it mapped.
//
// Touching a page of a MAP_SHARED mapping past the end of its object raises SIGBUS; in a JVM
// that ended the process. Every call on a handle now runs inside a FaultScope, which names the
// mapping the calling thread may touch (one thread-local store on entry and exit). A SIGBUS
// handler, installed once when the library is loaded and chained to the handler it found
// (the JVM's), recognises a fault inside that mapping on that thread: it maps private zero
// pages over the missing part (MAP_FIXED, from the faulting page to the end of the mapping),
// marks the watch cut, and returns, so the faulting instruction completes on a zero page,
// whatever code it was in (our memcpy, a lock's CAS, a JVM region copy). Every other SIGBUS
// goes to the previous handler as the kernel delivered it.
//
// Why zero pages and not a jump out of the copy: the faulting access may sit in code we cannot
// unwind (a JNI region copy inside the JVM, an atomic on a header field inside a function with
// destructors), and a jump needs a sigsetjmp on every call. Zero pages let the call run to its
// end: locks are released normally, and the call then throws Error(corrupt). A cut watch stays
// cut: this and every later call on the handle fails with corrupt, whatever the other threads
// were doing at the time. Close and reopen. When such a call ends (throw_cut), the zero pages
// are replaced by a shared mapping of an empty memfd, so that every later touch faults again:
// a buffer() view gets the JVM's InternalError instead of silent zeros, and a later call is
// absorbed again. (A call of another thread that faults at that very moment may map zeros
// again; the next call on the handle to end replaces them.)
//
// Linux only: macOS cannot resize a shared memory object that has a size, and Windows cannot
// shrink a section while a view of it is mapped. There FaultScope is the same marker and
// nothing ever cuts a watch.
#pragma once

#include <atomic>
#include <cstddef>
#include <string>
#include <type_traits>

#include "lsm/fast_tls.hpp"
#include "lsm/hot_path.hpp"

namespace lsm {

class Segment;

// The mapping of one handle, as the SIGBUS handler sees it. Lives as long as the handle.
class MappingWatch {
public:
    explicit MappingWatch(const Segment& segment) noexcept { watch(segment); }
    MappingWatch() noexcept = default;  // watches nothing until watch()
    MappingWatch(const MappingWatch&) = delete;
    MappingWatch& operator=(const MappingWatch&) = delete;

    // True once a fault inside the mapping was absorbed: the mapping is partly private zeros.
    bool cut() const noexcept { return cut_.load(std::memory_order_acquire); }

    // Error(corrupt) for `what` ("stream 'name'"), saying how large the object is now.
    [[noreturn]] void throw_cut(const std::string& what) const;

    // Watches the mapping of `segment` (before any call runs on it).
    void watch(const Segment& segment) noexcept;

    // For the handler: [begin, end) is the mapping; cut_ is set before the pages are replaced,
    // cut_from_ is the lowest page replaced.
    std::byte* begin = nullptr;
    std::byte* end = nullptr;
    const Segment* segment = nullptr;
    mutable std::atomic<bool> cut_{false};
    mutable std::atomic<std::byte*> cut_from_{nullptr};

private:
    // Once the faulted call is over: makes the replaced pages fault again (see the top).
    void refault() const noexcept;
};

namespace detail {
// The mapping the current thread's call may touch, or null outside a call. A plain pointer
// reached through atomic_ref: as std::atomic, GCC 12's -fsanitize=null checked the
// thread-local's address with a branch on the flags of an earlier, unrelated test (objdump:
// `mov %fs:0,%rdi; lea -8(%rdi),%rdi; je`), a false "member access within null pointer" on
// every call of the ASan build.
LSM_FAST_TLS extern constinit thread_local const MappingWatch* watched_mapping;
inline std::atomic_ref<const MappingWatch*> watched_mapping_ref() noexcept {
    return std::atomic_ref<const MappingWatch*>(watched_mapping);
}
}  // namespace detail

// Marks the current thread as inside a call on `watch`'s mapping, for the SIGBUS handler.
// Restores the previous mark on leaving: should a call ever run inside another (user code
// reached from inside a call), the outer call keeps its protection when the inner one ends.
class FaultScope {
public:
    explicit FaultScope(const MappingWatch& watch) noexcept
        : previous_(detail::watched_mapping_ref().load(std::memory_order_relaxed)) {
        detail::watched_mapping_ref().store(&watch, std::memory_order_relaxed);
        std::atomic_signal_fence(std::memory_order_seq_cst);  // accesses stay after the mark
    }
    ~FaultScope() {
        std::atomic_signal_fence(std::memory_order_seq_cst);  // and before its removal
        detail::watched_mapping_ref().store(previous_, std::memory_order_relaxed);
    }
    FaultScope(const FaultScope&) = delete;
    FaultScope& operator=(const FaultScope&) = delete;

private:
    const MappingWatch* previous_;
};

// Runs body() inside a FaultScope of `watch`; throws Error(corrupt) for `what` if the mapping
// was cut, also when body threw (the cut is the cause then).
template <typename Body>
LSM_HOT_INLINE decltype(auto) run_watched(const MappingWatch& watch, const std::string& what, Body&& body) {
    const FaultScope scope(watch);
    const auto run = [&]() -> decltype(body()) {
        try {
            return body();
        } catch (...) {
            if (watch.cut()) watch.throw_cut(what);
            throw;
        }
    };
    if constexpr (std::is_void_v<decltype(body())>) {
        run();
        if (watch.cut()) watch.throw_cut(what);
    } else {
        decltype(body()) result = run();
        if (watch.cut()) watch.throw_cut(what);
        return result;
    }
}

// Installs the SIGBUS handler (once; the library does it when it is loaded). Idempotent.
void install_fault_handler() noexcept;

}  // namespace lsm
