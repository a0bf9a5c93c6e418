// Making writes durable: fsync of a file, and of the directory that holds a renamed file.
#pragma once

#include <string>

namespace sim {

// Flushes the file or directory at `path` to disk; "" on success, else the operating system's
// reason.
std::string fsync_path(const std::string& path);

// Flushes the directory holding `path` (the current one for a bare name), so that a rename to
// `path` survives a power loss; "" or the reason, as fsync_path.
std::string fsync_parent(const std::string& path);

}  // namespace sim
