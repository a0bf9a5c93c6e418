// Reading the page's files for GET requests.
#include "explorer/static_files.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace explorer {

namespace {

bool plain_name(const std::string& name) {
  if (name.empty() || name.size() > 200 || name.front() == '/') return false;
  if (name.find("..") != std::string::npos || name.find("//") != std::string::npos) return false;
  for (char ch : name) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
                    (ch >= '0' && ch <= '9') || ch == '.' || ch == '-' || ch == '_' || ch == '/';
    if (!ok) return false;
  }
  return true;
}

std::string content_type(const std::filesystem::path& path) {
  const std::string ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  return "application/octet-stream";
}

}  // namespace

std::optional<StaticFile> read_static_file(const std::string& root, const std::string& target) {
  std::string name = target.substr(0, target.find('?'));
  if (name == "/" || name.empty()) name = "/index.html";
  name.erase(0, 1);
  if (!plain_name(name)) return std::nullopt;
  const std::filesystem::path path = std::filesystem::path(root) / name;
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return StaticFile{bytes.str(), content_type(path)};
}

}  // namespace explorer
