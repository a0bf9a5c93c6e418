// Weighted Gini and Theil T across countries, computed in a fixed order.
#include "models/divide_metrics.hpp"

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

DivideMetrics divide_metrics(std::span<const double> x, std::span<const double> w,
                             std::span<const int> group) {
  DivideMetrics m{kNaN, kNaN, kNaN, kNaN, kNaN, kNaN};
  double means[4];
  group_means(x, w, group, means);
  m.gap_high_low = means[3] - means[0];
  m.ratio_high_low = means[0] != 0 ? means[3] / means[0] : kNaN;

  double mean = 0, total_w = 0;
  m.theil = theil_t(x, w, group, -1, mean, total_w);
  if (!(mean > 0)) return m;
  // Gini = sum_ij w_i w_j |x_i - x_j| / (2 W^2 mean).
  double s = 0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (std::size_t j = 0; j < x.size(); ++j) s += w[i] * w[j] * std::abs(x[i] - x[j]);
  }
  m.gini = s / (2.0 * total_w * total_w * mean);
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

}  // namespace models
