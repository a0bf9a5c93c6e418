// Input file confinement: a path is allowed when its canonical form starts with a root's.
#include "sim/input_sandbox.hpp"

#include <filesystem>
#include <system_error>

namespace sim {

namespace {

namespace fs = std::filesystem;

// Set once before any input is read and only read afterwards, so no lock is needed.
std::vector<fs::path>& roots() {
  static std::vector<fs::path> confined;
  return confined;
}

fs::path canonical_or_normal(const fs::path& path) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(fs::absolute(path, ec), ec);
  return ec ? fs::absolute(path).lexically_normal() : canonical;
}

bool is_within(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (r->empty()) continue;  // the empty last element of a root written with a trailing '/'
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

}  // namespace

void confine_input_files(const std::vector<std::string>& dirs) {
  roots().clear();
  for (const std::string& dir : dirs) roots().push_back(canonical_or_normal(dir));
}

void check_input_path(const std::string& path, InputKind kind) {
  if (roots().empty()) return;
  const fs::path resolved = canonical_or_normal(path);
  for (const fs::path& root : roots()) {
    if (is_within(resolved, root)) return;
  }
  throw InputError(kind, {path, 0, 0}, "", "outside the directories input may be read from");
}

}  // namespace sim
