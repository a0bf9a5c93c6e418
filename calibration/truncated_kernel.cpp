#include "calibration/truncated_kernel.hpp"

#include <algorithm>
#include <boost/math/special_functions/erf.hpp>
#include <cmath>

namespace calibration {

namespace {

constexpr double kSqrt2 = 1.4142135623730950488016887242097;

// Standard normal tails, each accurate where it is small.
double lower_tail(double x) { return 0.5 * std::erfc(-x / kSqrt2); }
double upper_tail(double x) { return 0.5 * std::erfc(x / kSqrt2); }

}  // namespace

TruncatedNormalKernel::TruncatedNormalKernel(const std::vector<double>& centres,
                                             const std::vector<double>& w, std::size_t d,
                                             double scale, const std::vector<double>& lo,
                                             const std::vector<double>& hi,
                                             const std::vector<double>& floor)
    : d_(d), centres_(centres), sd_(d), lo_(lo), hi_(hi) {
  const std::size_t n = w.size();
  double wsum = 0;
  for (double v : w) wsum += v;
  for (std::size_t k = 0; k < d; ++k) {
    double mean = 0, var = 0;
    for (std::size_t i = 0; i < n; ++i) mean += w[i] / wsum * centres[i * d + k];
    for (std::size_t i = 0; i < n; ++i) {
      const double dev = centres[i * d + k] - mean;
      var += w[i] / wsum * dev * dev;
    }
    sd_[k] = std::sqrt(scale * var + floor[k] * floor[k]);
  }
  below_.resize(n * d);
  above_.resize(n * d);
  log_mass_.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < d; ++k) {
      const double c = centres[i * d + k];
      below_[i * d + k] = lower_tail((lo_[k] - c) / sd_[k]);
      above_[i * d + k] = upper_tail((hi_[k] - c) / sd_[k]);
      log_mass_[i] += std::log(1 - below_[i * d + k] - above_[i * d + k]);
    }
  }
}

void TruncatedNormalKernel::perturb(std::size_t j, const double* uniforms, double* out) const {
  for (std::size_t k = 0; k < d_; ++k) {
    const double c = centres_[j * d_ + k], s = sd_[k];
    // The centre is inside, so each tail beyond the box is at most a half.
    const double below = below_[j * d_ + k], above = above_[j * d_ + k];
    const double mass = 1 - below - above;
    const double p = below + uniforms[k] * mass;  // the draw's lower-tail probability
    // Invert on the side where the tail probability is small, to keep its precision.
    const double x = p <= 0.5
                         ? -kSqrt2 * boost::math::erfc_inv(2 * p)
                         : kSqrt2 * boost::math::erfc_inv(2 * (above + (1 - uniforms[k]) * mass));
    // Rounding can put x a hair outside the truncation, and c + s x outside the box: both are
    // clamped (in this order, which the committed posterior's bytes depend on).
    const double v = c + s * std::clamp(x, (lo_[k] - c) / s, (hi_[k] - c) / s);
    out[k] = std::clamp(v, lo_[k], hi_[k]);
  }
}

double TruncatedNormalKernel::log_density(const double* x, std::size_t j) const {
  double q = 0;
  for (std::size_t k = 0; k < d_; ++k) {
    const double z = (x[k] - centres_[j * d_ + k]) / sd_[k];
    q += z * z;
  }
  return -0.5 * q - log_mass_[j];
}

}  // namespace calibration
