// One batch of ABC-SMC candidates run as a sweep: every candidate a design point, every point the
// same replicates (common random numbers), through `aidivide sweep` in one process, under an MPI
// launcher, or left to a scheduler's job array. The only file of the calibration that knows the
// sweep runner.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace app {

struct AbcBatch {
  std::string dir;                // the batch's directory: sweep.yaml, design.csv, runs/
  std::string name;               // the sweep's name
  std::string scenario;           // absolute path
  std::vector<std::string> sets;  // key=value, applied to every member
  std::vector<std::string> keys;  // knob key paths
  std::vector<std::vector<double>> points;
  std::int64_t replicates = 1;
  std::int64_t seed = 1;
};

struct AbcBatchRunner {
  int threads = 1;                    // per process
  std::vector<std::string> launcher;  // e.g. {"mpirun", "-n", "3"}; empty: one process
  bool external = false;              // job arrays: never run, only report what is missing
  bool quiet = false;
};

// Writes the batch's sweep file and design table, runs the members not complete yet, and returns
// the member files point by point (one per replicate; empty for a member that failed). With
// `external`, returns nothing while a member has not run (the caller tells the user to run the
// shards). Throws when the sweep stopped (a signal, a crash) with members not run.
std::optional<std::vector<std::vector<std::string>>> run_abc_batch(const AbcBatch& batch,
                                                                   const AbcBatchRunner& runner);

// The sweep command that runs the batch (for the job-array message).
std::string abc_batch_command(const AbcBatch& batch);

}  // namespace app
