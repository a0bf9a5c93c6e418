// Experimental designs in the unit cube: full factorial grids and Latin hypercubes, deterministic.
#include "sim/design.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "sim/rng.hpp"

namespace sim {

namespace {

// Counter purposes of the Latin hypercube's draws, so permutation and jitter never share bits.
constexpr std::uint32_t kPermutationPurpose = 1;
constexpr std::uint32_t kJitterPurpose = 2;

}  // namespace

std::vector<std::vector<double>> full_grid(const std::vector<std::vector<double>>& levels) {
  std::size_t total = 1;
  for (const auto& factor : levels) {
    if (factor.empty()) return {};
    total *= factor.size();
  }
  std::vector<std::vector<double>> points(total, std::vector<double>(levels.size()));
  for (std::size_t i = 0; i < total; ++i) {
    // Mixed-radix digits of i, the last factor being the fastest digit.
    std::size_t rest = i;
    for (std::size_t f = levels.size(); f-- > 0;) {
      points[i][f] = levels[f][rest % levels[f].size()];
      rest /= levels[f].size();
    }
  }
  return points;
}

std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t d, std::uint64_t seed) {
  if (n > 0xffffffffULL || d > 0xffffffffULL) {
    throw std::invalid_argument("latin_hypercube: at most 2^32 points and dimensions");
  }
  const Philox rng(mix64(seed));
  std::vector<std::vector<double>> points(n, std::vector<double>(d));
  std::vector<std::uint32_t> stratum(n);
  for (std::size_t j = 0; j < d; ++j) {
    std::iota(stratum.begin(), stratum.end(), 0u);
    // Fisher-Yates with our own uniforms: std::shuffle differs between standard libraries.
    for (std::size_t k = n; k-- > 1;) {
      const double u =
          rng(static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(j), kPermutationPurpose)[0];
      const auto r = std::min(k, static_cast<std::size_t>(u * static_cast<double>(k + 1)));
      std::swap(stratum[k], stratum[r]);
    }
    for (std::size_t i = 0; i < n; ++i) {
      const double jitter =
          rng(static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j), kJitterPurpose)[0];
      points[i][j] = (static_cast<double>(stratum[i]) + jitter) / static_cast<double>(n);
    }
  }
  return points;
}

double scale_unit(double u, double lo, double hi, bool log_scale) {
  const double v =
      log_scale ? std::exp(std::log(lo) + u * (std::log(hi) - std::log(lo))) : lo + u * (hi - lo);
  return std::clamp(v, lo, hi);
}

std::vector<double> spaced_levels(double lo, double hi, std::size_t n, bool log_scale) {
  if (n < 2) throw std::invalid_argument("spaced_levels: needs at least two levels");
  std::vector<double> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    out[i] = scale_unit(static_cast<double>(i) / static_cast<double>(n - 1), lo, hi, log_scale);
  }
  out.front() = lo;
  out.back() = hi;
  return out;
}

}  // namespace sim
