#include "calibration/kernel.hpp"

#include <cmath>
#include <stdexcept>

namespace calibration {

bool cholesky(const std::vector<double>& a, std::size_t d, std::vector<double>& l) {
  l.assign(d * d, 0.0);
  for (std::size_t i = 0; i < d; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      double s = a[i * d + j];
      for (std::size_t k = 0; k < j; ++k) s -= l[i * d + k] * l[j * d + k];
      if (i == j) {
        if (!(s > 0)) return false;
        l[i * d + i] = std::sqrt(s);
      } else {
        l[i * d + j] = s / l[j * d + j];
      }
    }
  }
  return true;
}

GaussianKernel::GaussianKernel(const std::vector<double>& points, const std::vector<double>& w,
                               std::size_t d, double scale, const std::vector<double>& ridge)
    : d_(d) {
  const std::size_t n = w.size();
  double wsum = 0;
  for (double v : w) wsum += v;
  std::vector<double> mean(d, 0.0), cov(d * d, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = 0; k < d; ++k) mean[k] += w[i] * points[i * d + k] / wsum;
  }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t a = 0; a < d; ++a) {
      for (std::size_t b = 0; b <= a; ++b) {
        cov[a * d + b] +=
            w[i] / wsum * (points[i * d + a] - mean[a]) * (points[i * d + b] - mean[b]);
      }
    }
  }
  for (std::size_t a = 0; a < d; ++a) {
    for (std::size_t b = 0; b <= a; ++b) cov[b * d + a] = cov[a * d + b] *= scale;
    cov[a * d + a] += ridge[a];
  }
  // A nearly singular covariance (particles on a line) gets a growing ridge until it factors.
  for (double extra = 1; !calibration::cholesky(cov, d, l_); extra *= 10) {
    if (extra > 1e12) throw std::runtime_error("perturbation kernel: covariance not positive");
    for (std::size_t a = 0; a < d; ++a) cov[a * d + a] += ridge[a] * extra;
  }
}

void GaussianKernel::perturb(const double* centre, const double* normals, double* out) const {
  for (std::size_t a = 0; a < d_; ++a) {
    double s = centre[a];
    for (std::size_t b = 0; b <= a; ++b) s += l_[a * d_ + b] * normals[b];
    out[a] = s;
  }
}

double GaussianKernel::quadratic_form(const double* x, const double* c) const {
  // Solve L v = x - c by forward substitution; q = |v|^2.
  double q = 0;
  double v[64] = {};
  if (d_ > 64) throw std::runtime_error("perturbation kernel: more than 64 dimensions");
  for (std::size_t a = 0; a < d_; ++a) {
    double s = x[a] - c[a];
    for (std::size_t b = 0; b < a; ++b) s -= l_[a * d_ + b] * v[b];
    v[a] = s / l_[a * d_ + a];
    q += v[a] * v[a];
  }
  return q;
}

}  // namespace calibration
