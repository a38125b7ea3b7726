// The SIGBUS handler of mapping_faults.hpp. Linux only; elsewhere nothing shrinks a mapped
// segment (see the header) and no handler is installed.
#include "lsm/mapping_faults.hpp"

#include <cstdint>

#include "lsm/error.hpp"
#include "lsm/segment.hpp"

#if defined(__linux__)
#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#endif

namespace lsm {

namespace detail {
LSM_FAST_TLS constinit thread_local const MappingWatch* watched_mapping = nullptr;
}  // namespace detail

void MappingWatch::watch(const Segment& mapped) noexcept {
    begin = mapped.data();
    end = mapped.data() + mapped.size();
    segment = &mapped;
}

void MappingWatch::throw_cut(const std::string& what) const {
    refault();
    const std::size_t mapped = static_cast<std::size_t>(end - begin);
    const std::uint64_t now = segment != nullptr ? segment->backing_size() : mapped;
    const std::string cause =
        now < mapped ? "was shrunk by another process to " + std::to_string(now) + " bytes"
                     : "lost pages while this call used it (shrunk by another process, now " +
                           std::to_string(now) + " bytes)";
    throw Error(ErrorCode::corrupt, what + ": the segment " + cause + " while this handle maps " +
                                        std::to_string(mapped) +
                                        " bytes; this handle now fails "
                                        "every call: close it and reopen");
}

#if defined(__linux__)
void MappingWatch::refault() const noexcept {
    std::byte* from = cut_from_.load(std::memory_order_acquire);
    if (from == nullptr) return;
    const auto page_size = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const std::uintptr_t to = (reinterpret_cast<std::uintptr_t>(end) + page_size - 1) & ~(page_size - 1);
    // The system call, not glibc's wrapper (2.27+): the natives run on older glibc too.
    const int empty = static_cast<int>(::syscall(SYS_memfd_create, "lsm-cut", 1U /* MFD_CLOEXEC */));
    if (empty < 0) return;  // (kernel < 3.17) the zero pages stay
    (void)::mmap(from, to - reinterpret_cast<std::uintptr_t>(from), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
                 empty, 0);
    ::close(empty);
}

namespace {

// Written once, before our handler is installed; read only by the handler.
struct sigaction previous_handler {};
std::uintptr_t page_mask = 0;

// A fault of this thread's call inside its mapping: replace the rest of the mapping, from the
// faulting page on, with zero pages (everything from that page on is past the object's new
// end). Only system calls and plain memory: async-signal-safe.
bool absorb(const siginfo_t* info) noexcept {
    const MappingWatch* watch = detail::watched_mapping_ref().load(std::memory_order_relaxed);
    if (watch == nullptr || info == nullptr || info->si_code <= 0) return false;  // not ours, or sent by kill()
    auto* address = static_cast<std::byte*>(info->si_addr);
    if (address < watch->begin || address >= watch->end) return false;
    const std::uintptr_t page = reinterpret_cast<std::uintptr_t>(address) & page_mask;
    const std::uintptr_t end = (reinterpret_cast<std::uintptr_t>(watch->end) + ~page_mask) & page_mask;
    // Cut before the pages change: another thread that reads a zero page sees the cut after its call.
    watch->cut_.store(true, std::memory_order_seq_cst);
    const int saved_errno = errno;
    void* zeros = ::mmap(reinterpret_cast<void*>(page), end - page, PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    errno = saved_errno;
    if (zeros == MAP_FAILED) return false;
    // For refault(): the lowest page replaced (lock-free atomics are async-signal-safe).
    auto* from = reinterpret_cast<std::byte*>(page);
    std::byte* lowest = watch->cut_from_.load(std::memory_order_relaxed);
    while ((lowest == nullptr || from < lowest) &&
           !watch->cut_from_.compare_exchange_weak(lowest, from, std::memory_order_release)) {
    }
    return true;
}

// Hands the signal to the handler we replaced, as the kernel would have: the same arguments,
// with the mask it asked for (ours is a copy of its mask and flags).
void pass_on(int signal, siginfo_t* info, void* context) noexcept {
    const struct sigaction& previous = previous_handler;
    if ((previous.sa_flags & SA_SIGINFO) != 0) {
        previous.sa_sigaction(signal, info, context);
        return;
    }
    const bool sent = info == nullptr || info->si_code <= 0;  // by kill() or raise(), not a fault
    if (previous.sa_handler == SIG_IGN && sent) return;
    if (previous.sa_handler != SIG_DFL && previous.sa_handler != SIG_IGN) {
        previous.sa_handler(signal);
        return;
    }
    // The default action (SIG_IGN cannot ignore a fault either): restore it and let the signal
    // happen again. A fault repeats when we return; a sent signal is raised again, pending until then.
    ::sigaction(signal, &previous, nullptr);
    if (sent) ::raise(signal);
}

void on_bus_error(int signal, siginfo_t* info, void* context) {
    if (absorb(info)) return;  // the faulting access repeats on a zero page
    pass_on(signal, info, context);
}

bool install() noexcept {
    struct sigaction current {};
    if (::sigaction(SIGBUS, nullptr, &current) != 0) return false;
    if ((current.sa_flags & SA_SIGINFO) != 0 && current.sa_sigaction == &on_bus_error) return true;
    page_mask = ~(static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE)) - 1);
    previous_handler = current;
    struct sigaction ours {};
    ours.sa_sigaction = &on_bus_error;
    ours.sa_mask = current.sa_mask;
    ours.sa_flags = SA_SIGINFO | (current.sa_flags & (SA_ONSTACK | SA_RESTART | SA_NODEFER));
    return ::sigaction(SIGBUS, &ours, nullptr) == 0;
}

// When the library is loaded (the JVM's handlers are in place by then).
const bool installed_at_load = install();

}  // namespace

void install_fault_handler() noexcept { (void)install(); }

#else

void MappingWatch::refault() const noexcept {}

void install_fault_handler() noexcept {}

#endif

}  // namespace lsm
