// ensemble.h5 and ensemble_stats.h5: a sweep's complete members merged variable by variable.
#pragma once

#include <cstddef>
#include <string>

#include "ensemble/sweep_manifest.hpp"

namespace app {

struct MergeSummary {
  std::size_t members = 0;  // runs in ensemble.h5
  std::size_t points = 0;   // scenario and design points in ensemble_stats.h5
  std::string ensemble_path, stats_path;
};

// FILE.h5 -> FILE_stats.h5 (ensemble.h5 -> ensemble_stats.h5).
std::string stats_path_for(const std::string& ensemble_path);

// Writes `ensemble_path` (every complete member of the manifest along a `run` dimension, with
// scenario, replicate, seed and the varied parameters as coordinates over `run`) and its
// statistics file (mean, standard deviation and quantiles over the replicates of each scenario
// and design point along `point`). Each file is written as .part and renamed when whole. Reads
// one variable of one member at a time for the ensemble and one variable of a point's
// replicates for the statistics, so memory stays within replicates x the largest variable.
// Throws std::runtime_error when no member is complete and InputError(kIo) when a member file
// cannot be read or does not share the first member's layout and coordinates.
MergeSummary merge_ensemble(const std::string& dir, const Manifest& manifest,
                            const std::string& ensemble_path);

}  // namespace app
