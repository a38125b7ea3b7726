// lsm-peer: a native program built from the core, used by tests and the demo as "an
// existing C++ program". Each command family lives in its own file and registers here.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

namespace lsm::peer {

using Args = std::vector<std::string>;  // the arguments after the command word

struct Command {
    const char* usage;              // "segment-read NAME SIZE OFFSET LENGTH"
    int (*run)(const Args& args);   // returns the exit code
};

std::map<std::string, Command>& commands();

struct Registration {
    Registration(const char* name, Command command) { commands().emplace(name, command); }
};

// Argument helpers; each throws UsageError with a message naming the argument.
struct UsageError {
    std::string message;
};
const std::string& arg(const Args& args, std::size_t index, const char* what);
std::size_t size_arg(const Args& args, std::size_t index, const char* what);
bool has_flag(const Args& args, const char* flag);
// The value after `--option`, or `fallback` when absent.
std::string option(const Args& args, const char* name, const std::string& fallback);

// Writes bytes to stdout unchanged, then flushes.
void print_bytes(const void* data, std::size_t size);

}  // namespace lsm::peer
