// What the sleepers of one WaiterCount block on where the OS cannot sleep on an address of a
// mapping shared across processes (not part of the wire format).
//
// Windows: WaitOnAddress wakes only its own process, so each waiter count of a segment has a
// named semaphore beside the mapping, in the same session namespace: "lsm-wake-<purpose>-m:<name>"
// for a named mapping, "lsm-wake-<purpose>-f:<volume serial>-<file id>" for a persistent
// (file-backed) one: the file the handle mapped, not its path, which a re-created segment's new
// file takes over while stale handles still sleep on the old one.
// Fixed prefixes and the object's own identity: two live segments never share one (a file system
// that reuses file ids, FAT or exFAT, may give a re-created file its predecessor's), and the purpose
// (revision, ack, consumers, producers) keeps the sleepers of one condition apart from another's.
// A semaphore, not an event: it keeps a release that comes between a waiter's re-check and its
// wait, so no wake-up is lost, and a release of n units wakes n sleepers, no more. Opened lazily
// (a waiter before its first sleep, a waker only when the count it loaded is non-zero), kept by
// the handle, closed with it; the object lives while any process holds it.
//
// Elsewhere (Linux futex on the word itself; macOS's fallback) it holds nothing.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

namespace lsm {

class Segment;

#if defined(_WIN32)

class WakeChannel {
public:
    // `purpose` names the waiter count: "revision", "ack", "consumers", "producers".
    WakeChannel(const Segment& segment, const char* purpose);
    WakeChannel(WakeChannel&& other) noexcept
        : name_(std::move(other.name_)), handle_(other.handle_.exchange(nullptr)), private_(other.private_) {}
    WakeChannel& operator=(WakeChannel&&) = delete;
    ~WakeChannel();

    // Sleeps until a release, at most `slice`. True when released, false after the whole slice
    // (also when the semaphore could not be created: then it only sleeps).
    bool sleep(std::chrono::nanoseconds slice) const noexcept;
    // Creates (or opens) the semaphore before a waiter counts itself: a waker that sees the count
    // finds it.
    void prepare_sleep() const noexcept;

    enum class Release { delivered, nobody_asleep };
    // Releases `sleepers` units. nobody_asleep when no semaphore exists (every waiter that counted
    // itself is gone with its handle) or units of an earlier release are still there (a blocked
    // waiter takes a unit at once: nobody has blocked since).
    Release release(std::uint8_t sleepers) const noexcept;

    const std::string& name() const noexcept { return name_; }

    // For a waiter count of this handle alone (a queue without a wake block): a name no other
    // handle or process uses, so that nobody else's sleeper takes its releases. Before first use.
    void make_private() noexcept;

private:
    void* created_or_opened(bool create) const noexcept;

    std::string name_;
    mutable std::atomic<void*> handle_{nullptr};  // HANDLE of the semaphore, or null (not opened yet)
    bool private_ = false;                        // make_private() named it
};

#else

class WakeChannel {
public:
    WakeChannel(const Segment&, const char*) noexcept {}
    void make_private() noexcept {}
};

#endif

}  // namespace lsm
