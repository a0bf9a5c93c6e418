// Priors of an ABC-SMC calibration: independent uniform or log-uniform on each knob's range.
//
// The sampler works in internal coordinates in which every prior is uniform on a box (a
// log-uniform knob is its logarithm), so the prior density is a constant inside the box and the
// perturbation kernel is symmetric where the prior is flat.
#pragma once

#include <string>
#include <vector>

namespace calibration {

enum class PriorShape { kUniform, kLogUniform };

struct PriorDim {
  std::string name;
  double lo = 0, hi = 1;  // the knob's range in its own units (lo > 0 for log-uniform)
  PriorShape shape = PriorShape::kUniform;
};

class Prior {
 public:
  Prior() = default;
  // Throws std::invalid_argument for an empty range or a log-uniform range that reaches 0.
  explicit Prior(std::vector<PriorDim> dims);

  std::size_t size() const { return dims_.size(); }
  const std::vector<PriorDim>& dims() const { return dims_; }

  // The internal coordinate of a knob value and back.
  double to_internal(std::size_t k, double value) const;
  double to_value(std::size_t k, double internal) const;
  // The internal box: [internal_lo(k), internal_hi(k)].
  double internal_lo(std::size_t k) const { return lo_[k]; }
  double internal_hi(std::size_t k) const { return hi_[k]; }
  bool inside(const std::vector<double>& internal) const;

 private:
  std::vector<PriorDim> dims_;
  std::vector<double> lo_, hi_;
};

PriorShape parse_prior_shape(const std::string& text);  // "uniform" or "log-uniform"; throws
const char* prior_shape_name(PriorShape s);

}  // namespace calibration
