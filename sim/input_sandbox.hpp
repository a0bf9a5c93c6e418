// An optional confinement of the input files a process reads to chosen directories: the fuzz
// targets set it so that paths taken from hostile input (`extends:`, a sweep's scenarios and
// design table, `data.dir`) can only reach the repository's own scenarios and data.
#pragma once

#include <string>
#include <vector>

#include "sim/error.hpp"

namespace sim {

// From now on, input files must lie under one of `dirs` (after resolving symbolic links and
// `..`). Called once, before any input is read; an empty list lifts the confinement.
void confine_input_files(const std::vector<std::string>& dirs);

// Throws InputError(kind) located at `path` when input is confined and `path` is outside every
// root; does nothing otherwise. sim's file readers call it before opening a file.
void check_input_path(const std::string& path, InputKind kind);

}  // namespace sim
