// Formatting of located input errors.
#include "sim/error.hpp"

#include <array>
#include <cstring>

namespace sim {

namespace {

// strerror_r comes in two forms: GNU's returns the text (not always in the buffer), POSIX's fills
// the buffer and returns 0. Overloading on the result picks whichever the C library declares.
[[maybe_unused]] const char* strerror_text(const char* text, const char* /*buffer*/) {
  return text;
}
[[maybe_unused]] const char* strerror_text(int status, const char* buffer) {
  return status == 0 ? buffer : "unknown error";
}

}  // namespace

std::string errno_text(int error) {
  std::array<char, 256> buffer{};
  return strerror_text(strerror_r(error, buffer.data(), buffer.size()), buffer.data());
}

std::string format_input_error(const SourceLocation& where, const std::string& key_path,
                               const std::string& reason, const std::string& got) {
  std::string out;
  if (!where.file.empty()) {
    out += where.file;
    if (where.line > 0) {
      out += ":" + std::to_string(where.line);
      if (where.column > 0) out += ":" + std::to_string(where.column);
    }
    out += ": ";
  }
  if (!key_path.empty()) out += key_path + ": ";
  out += reason;
  if (!got.empty()) out += " (got " + got + ")";
  return out;
}

InputError::InputError(InputKind kind, SourceLocation where, std::string key_path,
                       std::string reason, std::string got)
    : std::runtime_error(format_input_error(where, key_path, reason, got)),
      kind_(kind),
      where_(std::move(where)),
      key_path_(std::move(key_path)),
      reason_(std::move(reason)),
      got_(std::move(got)) {}

}  // namespace sim
