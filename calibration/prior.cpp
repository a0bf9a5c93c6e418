#include "calibration/prior.hpp"

#include <cmath>
#include <stdexcept>

namespace calibration {

Prior::Prior(std::vector<PriorDim> dims) : dims_(std::move(dims)) {
  for (const PriorDim& d : dims_) {
    if (!(d.lo < d.hi)) throw std::invalid_argument(d.name + ": prior range needs lo < hi");
    if (d.shape == PriorShape::kLogUniform && !(d.lo > 0)) {
      throw std::invalid_argument(d.name + ": a log-uniform prior needs lo > 0");
    }
    lo_.push_back(d.shape == PriorShape::kLogUniform ? std::log(d.lo) : d.lo);
    hi_.push_back(d.shape == PriorShape::kLogUniform ? std::log(d.hi) : d.hi);
  }
}

double Prior::to_internal(std::size_t k, double value) const {
  return dims_[k].shape == PriorShape::kLogUniform ? std::log(value) : value;
}

double Prior::to_value(std::size_t k, double internal) const {
  if (dims_[k].shape == PriorShape::kUniform) return internal;
  // exp(log(x)) may leave [lo, hi] by an ulp; the knob must stay in its declared range.
  const double v = std::exp(internal);
  return v < dims_[k].lo ? dims_[k].lo : (v > dims_[k].hi ? dims_[k].hi : v);
}

bool Prior::inside(const std::vector<double>& internal) const {
  for (std::size_t k = 0; k < dims_.size(); ++k) {
    if (!(internal[k] >= lo_[k] && internal[k] <= hi_[k])) return false;
  }
  return true;
}

PriorShape parse_prior_shape(const std::string& text) {
  if (text == "uniform") return PriorShape::kUniform;
  if (text == "log-uniform") return PriorShape::kLogUniform;
  throw std::invalid_argument("expected uniform or log-uniform");
}

const char* prior_shape_name(PriorShape s) {
  return s == PriorShape::kUniform ? "uniform" : "log-uniform";
}

}  // namespace calibration
