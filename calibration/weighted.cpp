#include "calibration/weighted.hpp"

#include <algorithm>
#include <numeric>

namespace calibration {

double effective_size(const std::vector<double>& w) {
  double s1 = 0, s2 = 0;
  for (double v : w) s1 += v, s2 += v * v;
  return s2 > 0 ? s1 * s1 / s2 : 0;
}

double weighted_mean(const std::vector<double>& x, const std::vector<double>& w) {
  double num = 0, den = 0;
  for (std::size_t i = 0; i < x.size(); ++i) num += w[i] * x[i], den += w[i];
  return num / den;
}

double weighted_quantile(const std::vector<double>& x, const std::vector<double>& w, double p) {
  std::vector<std::size_t> order(x.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Ties broken by index so that the result does not depend on the sort's stability.
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    if (x[a] != x[b]) return x[a] < x[b];
    return a < b;
  });
  const double total = std::accumulate(w.begin(), w.end(), 0.0);
  double cum = 0;
  for (std::size_t i : order) {
    cum += w[i];
    if (cum >= p * total) return x[i];
  }
  return x[order.back()];
}

}  // namespace calibration
