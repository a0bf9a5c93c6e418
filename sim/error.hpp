// Typed errors for bad input (scenario, data, I/O) that carry a source location and reach main.
#pragma once

#include <stdexcept>
#include <string>

namespace sim {

// Where a value came from: a file and a 1-based line and column (0 when unknown).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;
};

enum class InputKind { kScenario, kData, kIo };

// Bad input: printed by main as `file:line:col: key.path: reason (got VALUE)`, exit status 2.
class InputError : public std::runtime_error {
 public:
  InputError(InputKind kind, SourceLocation where, std::string key_path, std::string reason,
             std::string got = {});

  InputKind kind() const { return kind_; }
  const SourceLocation& where() const { return where_; }
  const std::string& key_path() const { return key_path_; }
  const std::string& reason() const { return reason_; }
  const std::string& got() const { return got_; }

 private:
  InputKind kind_;
  SourceLocation where_;
  std::string key_path_;
  std::string reason_;
  std::string got_;
};

// The text of an errno value, like std::strerror but safe to call from several threads at once
// (std::strerror may return a buffer shared by all threads).
std::string errno_text(int error);

// Formats the message in the project's one error format; empty parts are left out.
std::string format_input_error(const SourceLocation& where, const std::string& key_path,
                               const std::string& reason, const std::string& got);

}  // namespace sim
