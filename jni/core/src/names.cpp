#include "lsm/names.hpp"

#include "lsm/error.hpp"

namespace lsm {
namespace {

std::string hex_byte(unsigned char c) {
    const char* digits = "0123456789ABCDEF";
    return std::string{digits[c >> 4], digits[c & 15]};
}

// U+0080-U+009F in UTF-8: 0xC2 followed by 0x80-0x9F.
bool is_c1_control(unsigned char lead, unsigned char next) { return lead == 0xc2 && next >= 0x80 && next <= 0x9f; }

}  // namespace

void validate_name(const std::string& name) {
    if (name.empty()) throw Error(ErrorCode::invalid_name, "segment name is empty");
    if (name.size() > max_name_length)
        throw Error(ErrorCode::invalid_name, "segment name '" + name + "' is " + std::to_string(name.size()) +
                                                 " bytes long; this platform allows at most " +
                                                 std::to_string(max_name_length));
    if (name == "." || name == "..") throw Error(ErrorCode::invalid_name, "segment name '" + name + "' is reserved");
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (c == '/' || c == '\\')
            throw Error(ErrorCode::invalid_name, "segment name '" + name + "' contains a path separator");
        if (c < 0x20 || c == 0x7f)
            throw Error(ErrorCode::invalid_name, "segment name contains a NUL or control character (0x" + hex_byte(c) + ")");
        if (i + 1 < name.size() && is_c1_control(c, static_cast<unsigned char>(name[i + 1])))
            throw Error(ErrorCode::invalid_name, "segment name contains the C1 control character U+00" +
                                                     hex_byte(static_cast<unsigned char>(name[i + 1])));
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
