#include "ensemble/atomic_file.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <system_error>

#include "sim/error.hpp"
#include "sim/fsync.hpp"

namespace app {

namespace fs = std::filesystem;

void write_file_atomically(const std::string& path, const std::string& text,
                           Durability durability) {
  const std::string tmp = path + ".tmp." + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.flush();
    if (!out) {
      std::error_code ignored;
      fs::remove(tmp, ignored);
      throw sim::InputError(sim::InputKind::kIo, {tmp, 0, 0}, "", "cannot write file");
    }
  }
  if (durability == Durability::kSynced) {
    if (const std::string error = sim::fsync_path(tmp); !error.empty()) {
      throw sim::InputError(sim::InputKind::kIo, {tmp, 0, 0}, "", "cannot sync file: " + error);
    }
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) {
    fs::remove(tmp, ec);
    throw sim::InputError(sim::InputKind::kIo, {path, 0, 0}, "", "cannot replace file");
  }
}

}  // namespace app
