// Weighted Gini and Theil T across countries, computed in a fixed order.
#include "models/divide_metrics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace models {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Theil T of the countries in `group` (all when group_filter < 0) around their own mean.
double theil_t(std::span<const double> x, std::span<const double> w, std::span<const int> group,
               int group_filter, double& mean, double& weight) {
  double sw = 0, sx = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (group_filter >= 0 && group[i] != group_filter) continue;
    sw += w[i];
    sx += w[i] * x[i];
  }
  weight = sw;
  mean = sw > 0 ? sx / sw : kNaN;
  if (!(mean > 0)) return kNaN;
  double t = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (group_filter >= 0 && group[i] != group_filter) continue;
    if (x[i] > 0) t += w[i] * (x[i] / mean) * std::log(x[i] / mean);
  }
  return t / sw;
}

}  // namespace

void group_means(std::span<const double> x, std::span<const double> w, std::span<const int> group,
                 double out[4]) {
  double sx[4] = {0, 0, 0, 0}, sw[4] = {0, 0, 0, 0};
  for (std::size_t i = 0; i < x.size(); ++i) {
    sx[group[i]] += w[i] * x[i];
    sw[group[i]] += w[i];
  }
  for (int g = 0; g < 4; ++g) out[g] = sw[g] > 0 ? sx[g] / sw[g] : kNaN;
}

namespace {

// Every metric but the Gini (left NaN); `mean` and `total_w` for the Gini, which is computed only
// when the mean is positive.
DivideMetrics metrics_except_gini(std::span<const double> x, std::span<const double> w,
                                  std::span<const int> group, double& mean, double& total_w) {
  DivideMetrics m{kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};
  double means[4];
  group_means(x, w, group, means);
  m.gap_high_low = means[3] - means[0];
  m.ratio_high_low = means[0] != 0 ? means[3] / means[0] : kNaN;

  mean = 0;
  total_w = 0;
  m.theil = theil_t(x, w, group, -1, mean, total_w);
  if (!(mean > 0)) return m;
  // Between: sum_g W_g (mu_g / mu) ln(mu_g / mu); within: sum_g W_g (mu_g / mu) T_g.
  double between = 0, within = 0;
  for (int g = 0; g < 4; ++g) {
    double mu_g = 0, w_g = 0;
    const double t_g = theil_t(x, w, group, g, mu_g, w_g);
    if (w_g <= 0 || !(mu_g > 0)) continue;
    const double share = (w_g / total_w) * (mu_g / mean);
    between += share * std::log(mu_g / mean);
    within += share * t_g;
  }
  m.theil_between = between;
  m.theil_within = within;
  return m;
}

// Gini = sum_ij w_i w_j |x_i - x_j| / (2 W^2 mean), the double sum in (i, j) order for each
// variable. Up to kLanes variables advance together: each sum is still one chain of adds in the
// same order (the same bits), but the chains of different variables overlap in the pipeline.
constexpr std::size_t kLanes = 4;

void gini_sums(std::span<const std::span<const double>> xs, std::span<const double> w,
               double* sums) {
  for (std::size_t first = 0; first < xs.size(); first += kLanes) {
    const std::size_t lanes = std::min(kLanes, xs.size() - first);
    double s[kLanes] = {0, 0, 0, 0};
    const double* x[kLanes];
    for (std::size_t k = 0; k < kLanes; ++k) x[k] = xs[first + std::min(k, lanes - 1)].data();
    const std::size_t n = w.size();
    for (std::size_t i = 0; i < n; ++i) {
      for (std::size_t j = 0; j < n; ++j) {
        const double wij = w[i] * w[j];
        for (std::size_t k = 0; k < kLanes; ++k) s[k] += wij * std::abs(x[k][i] - x[k][j]);
      }
    }
    for (std::size_t k = 0; k < lanes; ++k) sums[first + k] = s[k];
  }
}

}  // namespace

DivideMetrics divide_metrics(std::span<const double> x, std::span<const double> w,
                             std::span<const int> group) {
  const std::span<const double> xs[] = {x};
  return divide_metrics(xs, w, group)[0];
}

std::vector<DivideMetrics> divide_metrics(std::span<const std::span<const double>> xs,
                                          std::span<const double> w, std::span<const int> group) {
  std::vector<DivideMetrics> out(xs.size());
  std::vector<double> mean(xs.size()), total_w(xs.size()), sums(xs.size());
  for (std::size_t k = 0; k < xs.size(); ++k) {
    out[k] = metrics_except_gini(xs[k], w, group, mean[k], total_w[k]);
  }
  gini_sums(xs, w, sums.data());
  for (std::size_t k = 0; k < xs.size(); ++k) {
    if (mean[k] > 0) out[k].gini = sums[k] / (2.0 * total_w[k] * total_w[k] * mean[k]);
  }
  return out;
}

}  // namespace models
