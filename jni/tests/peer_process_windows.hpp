// lsm-peer.exe (copied beside the test executable by CMake) as a second process of a Windows
// test: started with its stdout through a pipe, waited for with a bound, killed if need be.
#pragma once
#if defined(_WIN32)

#include <windows.h>

#include <cstdio>
#include <string>

namespace lsm::test {

class PeerProcess {
public:
    explicit PeerProcess(const std::string& args) {
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
    PeerProcess(const PeerProcess&) = delete;
    PeerProcess& operator=(const PeerProcess&) = delete;
    ~PeerProcess() {
        if (process_.hProcess != nullptr) {
            TerminateProcess(process_.hProcess, 1);  // only when a check failed before finish()
            close_process();
        }
        if (out_ != nullptr) CloseHandle(out_);
    }

    // Reads until the peer printed its first line; false when it ended first. Its stdout is in
    // text mode: lines end in "\r\n".
    bool first_line_is(const std::string& expected) {
        while (output_.find('\n') == std::string::npos) {
            char buffer[64];
            DWORD got = 0;
            if (out_ == nullptr || !ReadFile(out_, buffer, sizeof buffer, &got, nullptr) || got == 0) return false;
            output_.append(buffer, got);
        }
        return output_.rfind(expected, 0) == 0;
    }

    // Waits up to `bound_ms` for the peer to end; its exit code, or -1 when it had not ended (it
    // is killed then). Its output stays in output(): keep it below a pipe's buffer.
    long finish(DWORD bound_ms) {
        if (process_.hProcess == nullptr) return -1;
        const bool ended = WaitForSingleObject(process_.hProcess, bound_ms) == WAIT_OBJECT_0;
        if (!ended) TerminateProcess(process_.hProcess, 1);
        DWORD code = 1;
        GetExitCodeProcess(process_.hProcess, &code);
        char buffer[256];
        DWORD got = 0;
        while (ReadFile(out_, buffer, sizeof buffer, &got, nullptr) && got > 0) output_.append(buffer, got);
        close_process();
        return ended ? static_cast<long>(code) : -1;
    }

    // Ends the peer at once, as a crash would (Windows closes its handles; its counts stay).
    bool kill(DWORD bound_ms) {
        if (process_.hProcess == nullptr || !TerminateProcess(process_.hProcess, 9)) return false;
        return WaitForSingleObject(process_.hProcess, bound_ms) == WAIT_OBJECT_0;
    }

    const std::string& output() const noexcept { return output_; }
    // What it printed after its first line.
    std::string rest() const { return output_.substr(output_.find('\n') + 1); }

private:
    void close_process() {
        CloseHandle(process_.hProcess);
        CloseHandle(process_.hThread);
        process_ = {};
    }

    PROCESS_INFORMATION process_{};
    HANDLE out_ = nullptr;
    std::string output_;
};

}  // namespace lsm::test

#endif  // _WIN32
