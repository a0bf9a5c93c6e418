// The perturbation kernel of ABC-SMC: independent normals, one per knob, each truncated to the
// knob's range in internal coordinates (Beaumont et al. 2009's component-wise kernel, variance a
// multiple of the previous generation's weighted variance, twice it by default).
//
// Truncation keeps every proposal inside the prior's box without redrawing. A multivariate kernel
// with a full covariance must redraw what falls outside, and with 24 knobs whose particles still
// span most of their ranges, fewer than 1 in 10,000 of its proposals landed inside every range at
// once (docs/CALIBRATION.md). Per knob, the truncated normal's normaliser is known exactly, so the
// proposal density that the importance weights divide by stays exact.
#pragma once

#include <cstddef>
#include <vector>

namespace calibration {

class TruncatedNormalKernel {
 public:
  TruncatedNormalKernel() = default;
  // `centres` is n x d row-major (internal coordinates), `w` their weights; the kernel's
  // standard deviation on knob k is sqrt(scale x weighted variance + floor_k^2), truncated to
  // [lo_k, hi_k]. The floor keeps a population collapsed on one knob proposing.
  TruncatedNormalKernel(const std::vector<double>& centres, const std::vector<double>& w,
                        std::size_t d, double scale, const std::vector<double>& lo,
                        const std::vector<double>& hi, const std::vector<double>& floor);

  double sd(std::size_t k) const { return sd_[k]; }
  // The point drawn around centre j from d uniforms in (0, 1) (inverse of each truncated CDF).
  void perturb(std::size_t j, const double* uniforms, double* out) const;
  // Log density at x of the kernel around centre j, up to a constant shared by every centre.
  double log_density(const double* x, std::size_t j) const;

 private:
  std::size_t d_ = 0;
  std::vector<double> centres_, sd_, lo_, hi_;
  // Per centre and knob (n x d): the normal's mass below lo and above hi.
  std::vector<double> below_, above_;
  std::vector<double> log_mass_;  // per centre: sum over knobs of log P(inside | centre)
};

}  // namespace calibration
