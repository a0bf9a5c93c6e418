// A toy simulator with a known ABC posterior, for testing the sampler: the Bass diffusion curve
// F(t; p, q) observed at two dates with Gaussian noise of sd sigma.
//
// With a uniform acceptance kernel of radius eps on the distance |x - y| / sigma, ABC's target
// is the exact posterior of the model y = F + sigma (z + u), z standard normal and u uniform in
// the disc of radius eps (Wilkinson 2013). Its likelihood is P(|mu + z| <= eps) with
// mu = (F(theta) - y) / sigma, a non-central chi-square probability computed here by
// quadrature, so the posterior is known on a grid to any accuracy, at any tolerance.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "calibration/abc_smc.hpp"
#include "calibration/prior.hpp"
#include "sim/rng.hpp"

namespace calibration::toy {

inline constexpr double kSigma = 0.03;
inline constexpr double kDates[2] = {4.0, 10.0};

inline double bass(double p, double q, double t) {
  const double e = std::exp(-(p + q) * t);
  return (1 - e) / (1 + q / p * e);
}

inline Prior bass_prior() {
  return Prior(
      {{"p", 0.002, 0.2, PriorShape::kLogUniform}, {"q", 0.05, 1.0, PriorShape::kUniform}});
}

// Standard normal pair from two Philox uniforms (Box-Muller).
inline void normal_pair(const sim::Uniform4& u, int pair, double& a, double& b) {
  const double r = std::sqrt(-2.0 * std::log(u[2 * pair]));
  a = r * std::cos(6.283185307179586 * u[2 * pair + 1]);
  b = r * std::sin(6.283185307179586 * u[2 * pair + 1]);
}

// A point uniform in the disc of radius eps (polar method: radius eps sqrt(u)).
inline void disc_point(const sim::Uniform4& u, double eps, double& a, double& b) {
  const double r = eps * std::sqrt(u[2]);
  a = r * std::cos(6.283185307179586 * u[3]);
  b = r * std::sin(6.283185307179586 * u[3]);
}

// The ABC simulator for observed data y: noise keyed by (seed, generation, candidate).
inline Simulator bass_simulator(const std::vector<double>& y, std::uint64_t noise_seed) {
  return
      [y, noise_seed](std::size_t g, std::size_t first, const std::vector<std::vector<double>>& c) {
        const sim::Philox rng(noise_seed);
        std::vector<double> d(c.size());
        for (std::size_t i = 0; i < c.size(); ++i) {
          double z0 = 0, z1 = 0;
          normal_pair(rng(static_cast<std::uint32_t>(first + i), static_cast<std::uint32_t>(g), 7),
                      0, z0, z1);
          const double x0 = bass(c[i][0], c[i][1], kDates[0]) + kSigma * z0;
          const double x1 = bass(c[i][0], c[i][1], kDates[1]) + kSigma * z1;
          d[i] = std::hypot(x0 - y[0], x1 - y[1]) / kSigma;
        }
        return d;
      };
}

// P(|mu + z| <= eps) for z standard normal in 2-D and m = |mu|: the integral over the radius of
// rho exp(-(rho^2 + m^2) / 2) I0(rho m), by Simpson's rule.
inline double disc_probability(double m, double eps) {
  if (m > eps + 9) return 0;
  constexpr int kSteps = 48;
  const auto f = [m](double rho) {
    const double x = rho * m;
    // exp(-x) I0(x), asymptotic beyond where cyl_bessel_i would overflow.
    const double scaled = x < 500 ? std::cyl_bessel_i(0.0, x) * std::exp(-x)
                                  : (1 + 1 / (8 * x)) / std::sqrt(6.283185307179586 * x);
    return rho * std::exp(-0.5 * (rho - m) * (rho - m)) * scaled;
  };
  const double h = eps / kSteps;
  double s = f(0) + f(eps);
  for (int i = 1; i < kSteps; ++i) s += f(i * h) * (i % 2 ? 4 : 2);
  return s * h / 3;
}

// The exact ABC posterior on a grid of cell midpoints over the prior box (internal coordinates:
// log p and q), with its marginal summaries.
struct GridPosterior {
  static constexpr int kCells = 240;
  std::vector<double> axis[2];      // cell midpoints, internal coordinates
  std::vector<double> marginal[2];  // marginal masses, summing to 1

  GridPosterior(const Prior& prior, const std::vector<double>& y, double eps) {
    for (int k = 0; k < 2; ++k) {
      const double lo = prior.internal_lo(k), hi = prior.internal_hi(k);
      for (int i = 0; i < kCells; ++i) axis[k].push_back(lo + (i + 0.5) * (hi - lo) / kCells);
      marginal[k].assign(kCells, 0.0);
    }
    double total = 0;
    for (int i = 0; i < kCells; ++i) {
      for (int j = 0; j < kCells; ++j) {
        const double p = prior.to_value(0, axis[0][i]), q = prior.to_value(1, axis[1][j]);
        const double m =
            std::hypot(bass(p, q, kDates[0]) - y[0], bass(p, q, kDates[1]) - y[1]) / kSigma;
        const double l = disc_probability(m, eps);
        marginal[0][i] += l;
        marginal[1][j] += l;
        total += l;
      }
    }
    for (auto& m : marginal) {
      for (double& v : m) v /= total;
    }
  }

  // Mean and sd of knob k in its own units (p, not log p).
  double mean(const Prior& prior, int k) const {
    double s = 0;
    for (int i = 0; i < kCells; ++i) s += marginal[k][i] * prior.to_value(k, axis[k][i]);
    return s;
  }
  double sd(const Prior& prior, int k) const {
    const double mu = mean(prior, k);
    double s = 0;
    for (int i = 0; i < kCells; ++i) {
      const double v = prior.to_value(k, axis[k][i]) - mu;
      s += marginal[k][i] * v * v;
    }
    return std::sqrt(s);
  }
  // Posterior mass below the knob value x (linear within a cell, in internal coordinates).
  double cdf(const Prior& prior, int k, double x) const {
    const double z = prior.to_internal(k, x);
    const double lo = prior.internal_lo(k), width = (prior.internal_hi(k) - lo) / kCells;
    double s = 0;
    for (int i = 0; i < kCells; ++i) {
      const double left = lo + i * width;
      s += marginal[k][i] * std::clamp((z - left) / width, 0.0, 1.0);
    }
    return s;
  }
};

}  // namespace calibration::toy
