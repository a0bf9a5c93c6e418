// Replacing a file of a sweep folder whole: readers see the old text or the new, never a part.
#pragma once

#include <string>

namespace app {

// Writes `text` to a temporary name of this process (shards of one sweep may rewrite the same
// file at the same moment), optionally fsyncs it, and renames it over `path`. Throws
// sim::InputError (kind kIo) naming the file that could not be written, synced or replaced.
enum class Durability { kRenameOnly, kSynced };
void write_file_atomically(const std::string& path, const std::string& text, Durability durability);

}  // namespace app
