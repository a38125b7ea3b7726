// lsm-peer COMMAND ARGS...: exit 0 on success, 1 on a usage error, 2 on an lsm::Error
// (message "lsm-peer: <error kind>: <message>" on stderr).
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include "commands.hpp"
#include "lsm/error.hpp"

namespace lsm::peer {

std::map<std::string, Command>& commands() {
    static std::map<std::string, Command> all;
    return all;
}

const std::string& arg(const Args& args, std::size_t index, const char* what) {
    if (index >= args.size()) throw UsageError{std::string("missing argument ") + what};
    return args[index];
}

std::size_t size_arg(const Args& args, std::size_t index, const char* what) {
    const std::string& text = arg(args, index, what);
    char* end = nullptr;
    const unsigned long long value = std::strtoull(text.c_str(), &end, 0);
    if (text.empty() || *end != '\0' || text[0] == '-') throw UsageError{std::string(what) + " is not a number: " + text};
    return static_cast<std::size_t>(value);
}

bool has_flag(const Args& args, const char* flag) {
    for (const auto& a : args)
        if (a == flag) return true;
    return false;
}

std::string option(const Args& args, const char* name, const std::string& fallback) {
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == name) return args[i + 1];
    return fallback;
}

void print_bytes(const void* data, std::size_t size) {
    std::fwrite(data, 1, size, stdout);
    std::fflush(stdout);
}

}  // namespace lsm::peer

int main(int argc, char** argv) {
    using namespace lsm::peer;
    if (argc < 2 || commands().count(argv[1]) == 0) {
        std::fprintf(stderr, "usage: lsm-peer COMMAND ARGS...\ncommands:\n");
        for (const auto& [name, command] : commands()) std::fprintf(stderr, "  %s\n", command.usage);
        return 1;
    }
    const Command& command = commands().at(argv[1]);
    try {
        return command.run(Args(argv + 2, argv + argc));
    } catch (const UsageError& e) {
        std::fprintf(stderr, "lsm-peer: %s\nusage: lsm-peer %s\n", e.message.c_str(), command.usage);
        return 1;
    } catch (const lsm::Error& e) {
        std::fprintf(stderr, "lsm-peer: %s: %s\n", lsm::error_code_name(e.code()), e.what());
        return 2;
    }
}
