// The perturbation kernel of ABC-SMC: a multivariate normal whose covariance is a multiple of the
// weighted covariance of the previous generation (Beaumont et al. 2009 use twice it, which
// minimises the Kullback-Leibler divergence between proposal and target for a normal target).
#pragma once

#include <vector>

namespace calibration {

class GaussianKernel {
 public:
  GaussianKernel() = default;
  // `points` is n x d row-major (internal coordinates), `w` the weights; `ridge` (one per axis)
  // is added to the diagonal so that a population collapsed on one axis still proposes.
  GaussianKernel(const std::vector<double>& points, const std::vector<double>& w, std::size_t d,
                 double scale, const std::vector<double>& ridge);

  std::size_t dims() const { return d_; }
  // x = centre + L n, with n standard normal.
  void perturb(const double* centre, const double* normals, double* out) const;
  // (x - c)' S^-1 (x - c): the kernel is exp(-q / 2) up to a constant shared by every pair.
  double quadratic_form(const double* x, const double* c) const;
  const std::vector<double>& cholesky() const { return l_; }

 private:
  std::size_t d_ = 0;
  std::vector<double> l_;  // lower triangular d x d, row-major
};

// Lower Cholesky factor of a symmetric positive-definite d x d matrix; false if it is not.
bool cholesky(const std::vector<double>& a, std::size_t d, std::vector<double>& l);

}  // namespace calibration
