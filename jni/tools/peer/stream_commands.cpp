// Stream commands (WIRE.md §2): the native side of the cross-process stream tests.
//
// PAYLOAD is a type word and values:  string TEXT | hex HEXBYTES | float V... | double V...
// Payloads print as: string → the raw bytes; hex → hex digits; float/double → one value a line.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "commands.hpp"
#include "lsm/stream.hpp"

namespace lsm::peer {
namespace {

using clock = std::chrono::steady_clock;

struct Payload {
    StreamType type = StreamType::string;
    std::vector<std::byte> bytes;
};

int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    throw UsageError{std::string("not a hex digit: ") + c};
}

template <typename T>
void append(std::vector<std::byte>& out, T value) {
    const auto* p = reinterpret_cast<const std::byte*>(&value);
    out.insert(out.end(), p, p + sizeof value);
}

// Parses PAYLOAD from args[first...], stopping at the first "--option".
Payload payload_arg(const Args& args, std::size_t first) {
    Payload payload;
    const std::string& kind = arg(args, first, "TYPE (string, hex, float or double)");
    std::vector<std::string> values;
    for (std::size_t i = first + 1; i < args.size() && args[i].rfind("--", 0) != 0; ++i) values.push_back(args[i]);
    if (kind == "string") {
        const std::string text = values.empty() ? "" : values[0];
        for (char c : text) payload.bytes.push_back(static_cast<std::byte>(c));
    } else if (kind == "hex") {
        const std::string hex = values.empty() ? "" : values[0];
        if (hex.size() % 2 != 0) throw UsageError{"odd number of hex digits"};
        for (std::size_t i = 0; i < hex.size(); i += 2)
            payload.bytes.push_back(static_cast<std::byte>(hex_digit(hex[i]) * 16 + hex_digit(hex[i + 1])));
    } else if (kind == "float") {
        payload.type = StreamType::float32;
        for (const auto& v : values) append(payload.bytes, std::strtof(v.c_str(), nullptr));
    } else if (kind == "double") {
        payload.type = StreamType::float64;
        for (const auto& v : values) append(payload.bytes, std::strtod(v.c_str(), nullptr));
    } else {
        throw UsageError{"unknown payload type " + kind};
    }
    return payload;
}

void print_payload(StreamReader& reader, const std::string& kind) {
    if (kind == "float") {
        for (float v : reader.read_floats()) std::printf("%.9g\n", static_cast<double>(v));
    } else if (kind == "double") {
        for (double v : reader.read_doubles()) std::printf("%.17g\n", v);
    } else if (kind == "hex") {
        std::vector<std::byte> bytes;
        reader.read_into(bytes);
        for (std::byte b : bytes) std::printf("%02x", static_cast<unsigned>(b));
        std::printf("\n");
    } else {
        const std::string text = reader.read_string();
        std::fwrite(text.data(), 1, text.size(), stdout);
    }
    std::fflush(stdout);
}

void say(const char* line) {
    std::printf("%s\n", line);
    std::fflush(stdout);
}

std::chrono::milliseconds millis_arg(const Args& args, const char* name, const char* fallback) {
    return std::chrono::milliseconds(std::stoll(option(args, name, fallback)));
}

// stream-write NAME SIZE PAYLOAD [--go] [--wait-read MS]
// Creates the stream (persistent), prints "created"; with --go waits for a line on stdin;
// writes, prints "written"; with --wait-read waits until a reader acknowledged: prints
// "read" (exit 0) or "unread" (exit 3).
int write(const Args& args) {
    const Payload payload = payload_arg(args, 2);
    StreamWriter writer(arg(args, 0, "NAME"), size_arg(args, 1, "SIZE"), true);
    say("created");
    if (has_flag(args, "--go")) {
        std::string line;
        std::getline(std::cin, line);
    }
    writer.write(payload.type, payload.bytes.data(), payload.bytes.size());
    say("written");
    if (option(args, "--wait-read", "").empty()) return 0;
    const auto deadline = clock::now() + millis_arg(args, "--wait-read", "0");
    while (!writer.is_message_read()) {
        if (clock::now() >= deadline) {
            say("unread");
            return 3;
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    say("read");
    return 0;
}

// stream-read NAME SIZE TYPE [--mark]: prints the payload; --mark acknowledges it.
int read(const Args& args) {
    StreamReader reader(arg(args, 0, "NAME"), size_arg(args, 1, "SIZE"), true);
    print_payload(reader, arg(args, 2, "TYPE"));
    if (has_flag(args, "--mark")) reader.mark_as_read();
    return 0;
}

// stream-header NAME SIZE: prints "flags revision ack size lock".
int header(const Args& args) {
    Segment raw = Segment::open(arg(args, 0, "NAME"), size_arg(args, 1, "SIZE"), true);
    std::uint32_t fields[4];
    std::memcpy(fields, raw.data() + stream_layout::revision_offset, sizeof fields);
    std::printf("%u %u %u %u %u\n", static_cast<unsigned>(raw.data()[0]), fields[0], fields[1], fields[2], fields[3]);
    return 0;
}

// stream-await NAME SIZE TYPE TIMEOUT_MS: opens a reader, prints "ready" and whether it sees
// new data at once ("fresh 0"); waits for a write, prints the payload, acknowledges it.
// Exit 3 when nothing arrived in time.
int await(const Args& args) {
    StreamReader reader(arg(args, 0, "NAME"), size_arg(args, 1, "SIZE"), true);
    const std::string kind = arg(args, 2, "TYPE");
    const auto deadline = clock::now() + std::chrono::milliseconds(size_arg(args, 3, "TIMEOUT_MS"));
    std::printf("ready\nfresh %d\n", reader.has_new_data() ? 1 : 0);
    std::fflush(stdout);
    while (!reader.has_new_data()) {
        if (clock::now() >= deadline) return 3;
        std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    print_payload(reader, kind);
    reader.mark_as_read();
    return 0;
}

// A self-checking payload: 1..max bytes, every byte the same letter.
std::size_t fill_pattern(std::string& out, unsigned i, unsigned seed, std::size_t max) {
    out.assign(1 + (i * 37u + seed * 101u) % max, static_cast<char>('a' + (i + seed) % 26));
    return out.size();
}

bool is_pattern(const std::string& s) {
    for (char c : s)
        if (c != s[0] || c < 'a' || c > 'z') return false;
    return true;
}

// stream-stress-write NAME SIZE MS THREADS: creates the stream, prints "ready", writes
// self-checking payloads from THREADS threads on one handle for MS milliseconds.
int stress_write(const Args& args) {
    StreamWriter writer(arg(args, 0, "NAME"), size_arg(args, 1, "SIZE"), true);
    const auto until = clock::now() + std::chrono::milliseconds(size_arg(args, 2, "MS"));
    const std::size_t threads = size_arg(args, 3, "THREADS");
    say("ready");
    std::atomic<long> writes{0};
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            std::string payload;
            for (unsigned i = 0; clock::now() < until; ++i) {
                fill_pattern(payload, i, t, writer.max_payload());
                writer.write(StreamType::string, payload.data(), payload.size());
                ++writes;
            }
        });
    for (auto& thread : pool) thread.join();
    std::printf("writes %ld\n", writes.load());
    return 0;
}

// stream-stress-read NAME SIZE MS THREADS: reads from THREADS threads, each with its own
// handle, for MS milliseconds; prints "reads N torn M"; exit 4 if any payload was torn.
int stress_read(const Args& args) {
    const std::string name = arg(args, 0, "NAME");
    const std::size_t size = size_arg(args, 1, "SIZE");
    const auto until = clock::now() + std::chrono::milliseconds(size_arg(args, 2, "MS"));
    const std::size_t threads = size_arg(args, 3, "THREADS");
    std::atomic<long> reads{0}, torn{0};
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&] {
            StreamReader reader(name, size, true);
            while (clock::now() < until) {
                const std::string s = reader.read_string();
                if (!s.empty() && !is_pattern(s)) ++torn;
                ++reads;
            }
        });
    for (auto& thread : pool) thread.join();
    std::printf("reads %ld torn %ld\n", reads.load(), torn.load());
    return torn.load() == 0 ? 0 : 4;
}

const Registration registrations[] = {
    {"stream-write", {"stream-write NAME SIZE PAYLOAD [--go] [--wait-read MS]", write}},
    {"stream-read", {"stream-read NAME SIZE string|hex|float|double [--mark]", read}},
    {"stream-header", {"stream-header NAME SIZE", header}},
    {"stream-await", {"stream-await NAME SIZE string|hex|float|double TIMEOUT_MS", await}},
    {"stream-stress-write", {"stream-stress-write NAME SIZE MS THREADS", stress_write}},
    {"stream-stress-read", {"stream-stress-read NAME SIZE MS THREADS", stress_read}},
};

}  // namespace
}  // namespace lsm::peer
