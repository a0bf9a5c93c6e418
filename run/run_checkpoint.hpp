// Run checkpoints: the world's state plus what a restart needs to check and continue the run
// (version, scenario, data hash, output position, timings). docs/RELIABILITY.md describes them.
#pragma once

#include <array>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "models/phases.hpp"
#include "models/simulation.hpp"
#include "run/run_request.hpp"
#include "sim/checkpoint_file.hpp"

namespace app {

struct CheckpointInfo {
  std::string version;       // aidivide version that wrote it
  std::string build_sha256;  // SHA-256 of the executable that wrote it
  std::string scenario_path;
  std::string scenario_yaml;  // the scenario file's text when the run started
  std::vector<std::string> sets;
  std::string parameters_yaml;  // the resolved parameters (params_to_yaml)
  std::string data_sha256;
  std::int64_t seed = 0, replicate = 0;
  std::string output_path;       // final name of the run's output
  std::int64_t records = 0;      // records in the output when the checkpoint was written
  std::int32_t tick = 0;         // the next tick to compute
  std::string month;             // its first month, YYYY-MM
  std::string created;           // UTC
  std::string checkpoint_every;  // the run's --checkpoint-every, so that a resumed run keeps it
  double init_seconds = 0, output_seconds = 0;
  std::array<double, models::kPhases.size()> phase_seconds{};
};

// Writes `path` atomically (PATH.tmp, fsync, rename). Throws sim::InputError(kIo) on I/O errors.
void write_checkpoint(const std::string& path, const CheckpointInfo& info,
                      const models::World& world);

struct Checkpoint {
  CheckpointInfo info;
  sim::CheckpointReader state;
};

// Reads and verifies a checkpoint; throws sim::InputError(kIo) when the file is not a whole
// checkpoint, and sim::InputError when this build cannot continue it (another version).
// Warns on stderr when another build of the same version wrote it.
Checkpoint read_checkpoint(const std::string& path);

// What `aidivide info CHECKPOINT` prints: the run, where it stands, and how to continue it.
void print_checkpoint(const CheckpointInfo& info, std::ostream& out);

// The request that rebuilds the checkpoint's scenario: its text, path, --set overrides, seed and
// replicate as they were.
RunRequest checkpoint_request(const CheckpointInfo& info);

// Throws sim::InputError naming the first difference when `run` resolves to other parameters or
// other data than the checkpoint's (a file it extends, the defaults or the data changed).
void check_same_run(const CheckpointInfo& info, const PreparedRun& run);

// Throws sim::InputError when `run` may not branch from the checkpoint: other data, seed or
// replicate, or a parameter used before the checkpoint's month that differs. Policies that start
// at or after that month, output.*, run.* and time.end may differ.
void check_branch(const Checkpoint& checkpoint, const PreparedRun& run);

// Overwrites the simulation's state and timings with the checkpoint's.
void restore(models::Simulation& simulation, const Checkpoint& checkpoint);

// SHA-256 of the running executable ("" when it cannot be read).
std::string executable_sha256();

}  // namespace app
