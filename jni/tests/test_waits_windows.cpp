// Sleeping waits on Windows (wake_channel_windows.cpp): a waiter in another process (lsm-peer.exe)
// sleeps in one slice of 60 s and is woken by a write, an ack, an enqueue or a dequeue made here.
// The test gives the peer 20 s to end, far below its slice: only a wake-up ends it in time. It
// asserts that the wait ended with its condition met, never a duration.
#if defined(_WIN32)

#include <windows.h>

#include <chrono>
#include <cstdio>
#include <future>
#include <string>
#include <thread>

#include "c_abi_handles.hpp"
#include "check.hpp"
#include "lsm/address_wait.hpp"
#include "lsm/queue.hpp"
#include "lsm/stream.hpp"

using namespace std::chrono_literals;
using lsm::Queue;
using lsm::StreamReader;
using lsm::StreamType;
using lsm::StreamWriter;
using lsm::test::NameCleanup;
using lsm::test::unique_name;

namespace {
constexpr std::size_t segment_size = 64;
constexpr const char* long_slice_ms = "60000";
constexpr DWORD peer_guard_ms = 20'000;

// Polls `ready` for up to 20 s.
template <typename Ready>
bool eventually(Ready&& ready) {
    for (auto until = std::chrono::steady_clock::now() + 20s; std::chrono::steady_clock::now() < until;) {
        if (ready()) return true;
        std::this_thread::sleep_for(1ms);
    }
    return ready();
}

// lsm-peer.exe (beside this executable) running one sleeping command; its stdout through a pipe.
class SleepingPeer {
public:
    explicit SleepingPeer(const std::string& args) {
        char self[MAX_PATH];
        const DWORD length = GetModuleFileNameA(nullptr, self, sizeof self);
        std::string peer(self, length);
        peer = peer.substr(0, peer.find_last_of("\\/") + 1) + "lsm-peer.exe";
        SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
        HANDLE write_end = nullptr;
        if (!CreatePipe(&out_, &write_end, &inherit, 0)) return;
        SetHandleInformation(out_, HANDLE_FLAG_INHERIT, 0);
        STARTUPINFOA startup{};
        startup.cb = sizeof startup;
        startup.dwFlags = STARTF_USESTDHANDLES;
        startup.hStdOutput = write_end;
        startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
        startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
        std::string command = "\"" + peer + "\" " + args;
        if (!CreateProcessA(peer.c_str(), command.data(), nullptr, nullptr, TRUE, 0, nullptr, nullptr, &startup,
                            &process_))
            std::fprintf(stderr, "  cannot start %s (Windows error %lu)\n", peer.c_str(), GetLastError());
        CloseHandle(write_end);
    }
    SleepingPeer(const SleepingPeer&) = delete;
    SleepingPeer& operator=(const SleepingPeer&) = delete;
    ~SleepingPeer() {
        if (process_.hProcess != nullptr) {
            TerminateProcess(process_.hProcess, 1);  // only when a check failed before finish()
            CloseHandle(process_.hProcess);
            CloseHandle(process_.hThread);
        }
        if (out_ != nullptr) CloseHandle(out_);
    }

    // True once the peer printed its first line, "ready" (it opened the segment and is about to
    // wait). Its stdout is in text mode: lines end in "\r\n".
    bool ready() {
        while (output_.find('\n') == std::string::npos) {
            char buffer[64];
            DWORD got = 0;
            if (out_ == nullptr || !ReadFile(out_, buffer, sizeof buffer, &got, nullptr) || got == 0) return false;
            output_.append(buffer, got);
        }
        return output_.rfind("ready", 0) == 0;
    }

    // Waits up to the guard for the peer to end; its exit code, or -1 when it was still asleep
    // (then it is killed). `output()` holds what it printed after "ready".
    int finish() {
        if (process_.hProcess == nullptr) return -1;
        const bool ended = WaitForSingleObject(process_.hProcess, peer_guard_ms) == WAIT_OBJECT_0;
        if (!ended) TerminateProcess(process_.hProcess, 1);
        DWORD code = 1;
        GetExitCodeProcess(process_.hProcess, &code);
        char buffer[256];
        DWORD got = 0;
        while (ReadFile(out_, buffer, sizeof buffer, &got, nullptr) && got > 0) output_.append(buffer, got);
        CloseHandle(process_.hProcess);
        CloseHandle(process_.hThread);
        process_ = {};
        return ended ? static_cast<int>(code) : -1;
    }
    std::string output() const { return output_.substr(output_.find('\n') + 1); }

    // Ends the peer at once, as a crash would (its handles closed by Windows, its counts left).
    bool kill() {
        if (process_.hProcess == nullptr || !TerminateProcess(process_.hProcess, 9)) return false;
        return WaitForSingleObject(process_.hProcess, peer_guard_ms) == WAIT_OBJECT_0;
    }

private:
    PROCESS_INFORMATION process_{};
    HANDLE out_ = nullptr;
    std::string output_;
};
}  // namespace

LSM_TEST("waits_windows", address_waits_are_supported) { CHECK(lsm::address_waits_supported()); }

LSM_TEST("waits_windows", reader_in_another_process_is_woken_by_a_write) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wwread"));
    StreamWriter writer(name, segment_size, true);
    SleepingPeer reader("stream-sleep " + name + " " + std::to_string(segment_size) + " " + long_slice_ms);
    REQUIRE(reader.ready());
    const bool asleep = eventually([&] { return writer.revision_waiters() == 1; });
    writer.write(StreamType::string, "woken", 5);
    CHECK(asleep);
    CHECK_EQ(reader.finish(), 0);
    CHECK_EQ(reader.output(), std::string("woken"));
}

LSM_TEST("waits_windows", writer_in_another_process_is_woken_by_an_ack) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wwack"));
    StreamWriter writer(name, segment_size, true);
    StreamReader reader(name, segment_size, true);
    writer.write(StreamType::string, "x", 1);
    SleepingPeer waiting_writer("stream-sleep-ack " + name + " " + std::to_string(segment_size) + " " + long_slice_ms);
    REQUIRE(waiting_writer.ready());
    const bool asleep = eventually([&] { return writer.ack_waiters() == 1; });
    reader.mark_as_read();
    CHECK(asleep);
    CHECK_EQ(waiting_writer.finish(), 0);
    CHECK_EQ(waiting_writer.output(), std::string("read"));
}

LSM_TEST("waits_windows", consumer_in_another_process_is_woken_by_an_enqueue) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wwq"));
    Queue queue = Queue::create(name, 2, 8, true);
    REQUIRE(queue.has_wake_block());
    SleepingPeer consumer("queue-sleep " + name + " " + long_slice_ms);
    REQUIRE(consumer.ready());
    const bool asleep = eventually([&] { return queue.consumer_waiters() == 1; });
    CHECK(queue.enqueue("msg", 3));
    CHECK(asleep);
    CHECK_EQ(consumer.finish(), 0);
    CHECK_EQ(consumer.output(), std::string("msg"));
}

LSM_TEST("waits_windows", producer_in_another_process_is_woken_by_a_dequeue) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wwqp"));
    Queue queue = Queue::create(name, 1, 8, true);
    REQUIRE(queue.enqueue("a", 1));
    SleepingPeer producer("queue-sleep-room " + name + " " + long_slice_ms);
    REQUIRE(producer.ready());
    const bool asleep = eventually([&] { return queue.producer_waiters() == 1; });
    CHECK(queue.dequeue().has_value());
    CHECK(asleep);
    CHECK_EQ(producer.finish(), 0);
    const auto message = queue.dequeue();
    REQUIRE(message.has_value());
    CHECK_EQ(std::string(reinterpret_cast<const char*>(message->data()), message->size()), std::string("room"));
}

LSM_TEST("waits_windows", close_ends_a_sleeping_wait) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wwclose"));
    StreamWriter writer(name, segment_size, true);
    lsm_stream_reader handle("stream", name, segment_size, true);
    auto ended = std::async(std::launch::async, [&] {
        try {
            handle.call([](StreamReader& reader) { return reader.wait_new_data(60s, 60s); });
            return lsm::ErrorCode::io;  // returned: not what close should do
        } catch (const lsm::Error& e) {
            return e.code();
        }
    });
    REQUIRE(eventually([&] { return writer.revision_waiters() == 1; }));
    handle.close();  // its nudge releases the sleeper; returns once the call has left
    REQUIRE(ended.wait_for(20s) == std::future_status::ready);
    CHECK(ended.get() == lsm::ErrorCode::closed);
}

// A waiter killed asleep leaves its count raised; the writes that find nobody asleep clear it.
LSM_TEST("waits_windows", a_waiter_count_left_by_a_dead_waiter_is_cleared_by_the_next_writes) {
    NameCleanup cleanup;
    const auto name = cleanup.add(unique_name("wwdead"));
    const std::string sleep = "stream-sleep " + name + " " + std::to_string(segment_size) + " " + long_slice_ms;
    StreamWriter writer(name, segment_size, true);
    {  // nobody holds the semaphore after the kill: the first write finds none and clears
        SleepingPeer dead(sleep);
        REQUIRE(dead.ready());
        REQUIRE(eventually([&] { return writer.revision_waiters() == 1; }));
        REQUIRE(dead.kill());
        CHECK_EQ(int(writer.revision_waiters()), 1);
        writer.write(StreamType::string, "a", 1);
        CHECK_EQ(int(writer.revision_waiters()), 0);
    }
    {  // the writer keeps the semaphore it released once: the second release finds the first unit
        SleepingPeer woken(sleep);
        REQUIRE(woken.ready());
        REQUIRE(eventually([&] { return writer.revision_waiters() == 1; }));
        writer.write(StreamType::string, "b", 1);
        CHECK_EQ(woken.finish(), 0);
        SleepingPeer dead(sleep);
        REQUIRE(dead.ready());
        REQUIRE(eventually([&] { return writer.revision_waiters() == 1; }));
        REQUIRE(dead.kill());
        writer.write(StreamType::string, "c", 1);
        writer.write(StreamType::string, "d", 1);
        CHECK_EQ(int(writer.revision_waiters()), 0);
    }
}

#endif  // _WIN32
