// Statistics over replicates, element by element: mean, standard deviation and quantiles.
#pragma once

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace sim {

// The statistics an ensemble summary holds, in this order along its `statistic` axis.
struct ReplicateStatistics {
  // Names along the axis: "mean", "std", then "q05", "q25", "q50", "q75", "q95".
  static const std::vector<std::string>& names();
  // The quantile probabilities after mean and std.
  static const std::vector<double>& probabilities();
  static std::size_t count() { return names().size(); }
};

// `values` holds `replicates` arrays of `n` values each (replicate-major). Writes
// ReplicateStatistics::count() arrays of n values to `out` (statistic-major). NaN values are
// missing and skipped; an element with no value gives NaN everywhere, and the standard deviation
// (with n - 1 in the denominator) needs two values. Quantiles interpolate linearly between order
// statistics (numpy's default, type 7 of Hyndman and Fan). Sums run in replicate order, so the
// result does not depend on threads. Runs in parallel over elements with oneTBB.
void replicate_statistics(std::span<const double> values, std::size_t replicates, std::size_t n,
                          std::span<double> out);

}  // namespace sim
