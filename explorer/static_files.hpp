// The page's built files, served from one folder: names checked, never a path outside it.
#pragma once

#include <optional>
#include <string>

namespace explorer {

struct StaticFile {
  std::string body;
  std::string content_type;
};

// The file `target` (a URL path, "/" for index.html) under `root`, or nullopt when the name is
// not a plain relative name (letters, digits, '.', '-', '_', '/', no "..") or no such file exists.
std::optional<StaticFile> read_static_file(const std::string& root, const std::string& target);

}  // namespace explorer
