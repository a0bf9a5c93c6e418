// The options `run` and `resume` share: --threads, --progress, --quiet, --bench.
#pragma once

#include <optional>

#include "app/command_line.hpp"
#include "run/run_driver.hpp"

namespace app {

void add_drive_options(CommandLine& cli, int& threads);
// Reads them after cli.parse(); nullopt, after printing why, when --threads is below 1.
std::optional<DriveOptions> read_drive_options(const CommandLine& cli, int threads);

}  // namespace app
