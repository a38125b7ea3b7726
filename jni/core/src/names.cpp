#include "lsm/names.hpp"

#include "lsm/error.hpp"

namespace lsm {

void validate_name(const std::string& name) {
    if (name.empty()) throw Error(ErrorCode::invalid_name, "segment name is empty");
    if (name.size() > max_name_length)
        throw Error(ErrorCode::invalid_name, "segment name '" + name + "' is " + std::to_string(name.size()) +
                                                 " bytes long; this platform allows at most " +
                                                 std::to_string(max_name_length));
    if (name == "." || name == "..") throw Error(ErrorCode::invalid_name, "segment name '" + name + "' is reserved");
    for (unsigned char c : name) {
        if (c == '/' || c == '\\')
            throw Error(ErrorCode::invalid_name, "segment name '" + name + "' contains a path separator");
        if (c < 0x20 || c == 0x7f)
            throw Error(ErrorCode::invalid_name, "segment name contains a NUL or control character (0x" +
                                                     std::string(1, "0123456789abcdef"[c >> 4]) +
                                                     std::string(1, "0123456789abcdef"[c & 15]) + ")");
    }
}

std::string windows_file_safe_name(const std::string& name) {
    std::string out = name;
    for (char& ch : out) {
        const unsigned char c = static_cast<unsigned char>(ch);
        if (c < 0x20 || ch == '\\' || ch == '/' || ch == ':' || ch == '*' || ch == '?' || ch == '"' || ch == '<' ||
            ch == '>' || ch == '|')
            ch = '_';
    }
    return out;
}

}  // namespace lsm
