// fsync by path: open read-only (directories included), fsync, close.
#include "sim/fsync.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>

#include "sim/error.hpp"

namespace sim {

std::string fsync_path(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return errno_text(errno);
  std::string error;
  if (::fsync(fd) != 0) error = errno_text(errno);
  ::close(fd);
  return error;
}

std::string fsync_parent(const std::string& path) {
  std::filesystem::path dir = std::filesystem::path(path).parent_path();
  if (dir.empty()) dir = ".";
  return fsync_path(dir.string());
}

}  // namespace sim
