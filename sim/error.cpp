// Formatting of located input errors.
#include "sim/error.hpp"

namespace sim {

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
