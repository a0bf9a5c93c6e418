// The identity rule for run outputs: compares two HDF5 files, ignoring volatile attributes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace sim {

struct CompareOptions {
  // A may be a shorter run than B: each record of A along `time` must equal B's record at the
  // same index; datasets without a time axis must still match exactly.
  bool prefix = false;
  // Also ignore the global attributes scenario_name, scenario_yaml and parameters_yaml.
  bool ignore_scenario = false;
  // Messages kept per object (dataset or the global attributes) before "... more" is reported.
  int max_differences_per_object = 5;
};

struct CompareResult {
  bool identical = true;
  // Human-readable, e.g. "variable ai_user_share: 12 values differ, first at [3, 17]: 0.1234 vs
  // 0.1235"; empty when identical.
  std::vector<std::string> differences;
};

// True for global attributes that legitimately differ between identical runs: created,
// start_time, end_time, threads, timing_*, status (and the scenario ones with ignore_scenario).
bool is_volatile_global_attribute(std::string_view name, bool ignore_scenario);

// Compares every object, dataset (dtype, shape, values bit for bit, so NaN equals NaN with the
// same bits) and attribute. Dimension-scale bookkeeping attributes (DIMENSION_LIST,
// REFERENCE_LIST) hold object references; they are compared as the names of attached scales.
// Opens both files read-only (SWMR read when needed, so a live `.part` can be compared).
// Throws InputError(kIo) naming the path when a file cannot be opened.
CompareResult compare_h5(const std::string& path_a, const std::string& path_b,
                         const CompareOptions& options = {});

}  // namespace sim
