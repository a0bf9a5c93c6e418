// Inequality across countries: weighted Gini, Theil T and its between/within-group split.
#pragma once

#include <span>
#include <vector>

namespace models {

struct DivideMetrics {
  double gini, theil, theil_between, theil_within;
  double ratio_high_low, gap_high_low;
};

// x: the country values; w: weights (labour force); group: income group index 0..3 (0 = low,
// 3 = high). Theil T: a term with x = 0 adds 0; every metric is NaN when the weighted mean of x
// is 0. ratio_high_low is NaN when the low-income mean is 0.
DivideMetrics divide_metrics(std::span<const double> x, std::span<const double> w,
                             std::span<const int> group);
// The same for several variables over one set of weights and groups, with the same results as a
// call each: their O(n^2) Gini sums run interleaved, so that the adds of one variable's sum do
// not wait on each other (measured in docs/PERFORMANCE.md).
std::vector<DivideMetrics> divide_metrics(std::span<const std::span<const double>> xs,
                                          std::span<const double> w, std::span<const int> group);

// Weighted mean of x over the countries of each of the 4 income groups (NaN for an empty group).
void group_means(std::span<const double> x, std::span<const double> w, std::span<const int> group,
                 double out[4]);

}  // namespace models
