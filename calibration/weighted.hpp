// Summaries of a weighted sample: effective size, mean, quantiles.
#pragma once

#include <vector>

namespace calibration {

// Kish's effective sample size (sum w)^2 / sum w^2.
double effective_size(const std::vector<double>& w);

double weighted_mean(const std::vector<double>& x, const std::vector<double>& w);

// The smallest x whose weighted CDF reaches p (the inverse of the step CDF); p in [0, 1].
double weighted_quantile(const std::vector<double>& x, const std::vector<double>& w, double p);

}  // namespace calibration
