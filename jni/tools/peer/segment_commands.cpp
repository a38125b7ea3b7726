// Raw segment commands (WIRE.md §1).
#include <cstring>

#include "commands.hpp"
#include "lsm/segment.hpp"

namespace lsm::peer {
namespace {

void require_within(const Segment& segment, std::size_t offset, std::size_t length) {
    if (offset > segment.size() || length > segment.size() - offset)
        throw UsageError{"range " + std::to_string(offset) + "+" + std::to_string(length) + " is outside the " +
                         std::to_string(segment.size()) + "-byte segment"};
}

// segment-create NAME SIZE [--transient] [--mode OCTAL]
int create(const Args& args) {
    const unsigned mode = static_cast<unsigned>(std::stoul(option(args, "--mode", "0600"), nullptr, 8));
    Segment segment = Segment::create(arg(args, 0, "NAME"), size_arg(args, 1, "SIZE"), !has_flag(args, "--transient"), mode);
    std::printf("created %s %zu\n", segment.name().c_str(), segment.size());
    return 0;
}

// segment-write NAME SIZE OFFSET TEXT [--transient]: copies TEXT's bytes (no terminator) to
// OFFSET. --transient opens it as not persistent: on Windows a named mapping; on POSIX the
// peer removes the name when it exits (upstream semantics).
int write(const Args& args) {
    Segment segment = Segment::open(arg(args, 0, "NAME"), size_arg(args, 1, "SIZE"), !has_flag(args, "--transient"));
    const std::size_t offset = size_arg(args, 2, "OFFSET");
    const std::string& text = arg(args, 3, "TEXT");
    require_within(segment, offset, text.size());
    std::memcpy(segment.data() + offset, text.data(), text.size());
    return 0;
}

// segment-read NAME SIZE OFFSET LENGTH [--text] [--transient]: prints LENGTH raw bytes from
// OFFSET (with --text: up to the first NUL, as a C string).
int read(const Args& args) {
    Segment segment = Segment::open(arg(args, 0, "NAME"), size_arg(args, 1, "SIZE"), !has_flag(args, "--transient"));
    const std::size_t offset = size_arg(args, 2, "OFFSET");
    std::size_t length = size_arg(args, 3, "LENGTH");
    require_within(segment, offset, length);
    if (has_flag(args, "--text")) {
        const void* nul = std::memchr(segment.data() + offset, 0, length);
        if (nul != nullptr) length = static_cast<std::size_t>(static_cast<const std::byte*>(nul) - (segment.data() + offset));
    }
    print_bytes(segment.data() + offset, length);
    return 0;
}

// segment-destroy NAME: exit 0 if removed, 3 if it did not exist.
int destroy(const Args& args) { return Segment::remove(arg(args, 0, "NAME")) ? 0 : 3; }

// segment-size NAME: prints the size of an existing segment.
int size(const Args& args) {
    Segment segment = Segment::open_existing(arg(args, 0, "NAME"), true);
    std::printf("%zu\n", segment.size());
    return 0;
}

const Registration registrations[] = {
    {"segment-create", {"segment-create NAME SIZE [--transient] [--mode OCTAL]", create}},
    {"segment-write", {"segment-write NAME SIZE OFFSET TEXT [--transient]", write}},
    {"segment-read", {"segment-read NAME SIZE OFFSET LENGTH [--text] [--transient]", read}},
    {"segment-destroy", {"segment-destroy NAME", destroy}},
    {"segment-size", {"segment-size NAME", size}},
};

}  // namespace
}  // namespace lsm::peer
