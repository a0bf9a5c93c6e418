// The truncated kernel: its draws stay in the box and follow the density the weights divide by.
#include "calibration/truncated_kernel.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "sim/rng.hpp"

namespace calibration {
namespace {

constexpr double kPi = 3.14159265358979323846;

// One knob on [0, 1]; centres 0.05 (near the face) and 0.6, weighted variance 0.0756; scale 2
// gives a kernel sd of 0.389, so the box cuts a third of the first centre's normal away.
TruncatedNormalKernel one_knob() {
  return TruncatedNormalKernel({0.05, 0.6}, {0.5, 0.5}, 1, 2.0, {0.0}, {1.0}, {0.0});
}

TEST(TruncatedNormalKernel, SdIsTheScaledWeightedSd) {
  EXPECT_NEAR(one_knob().sd(0), std::sqrt(2 * 0.275 * 0.275), 1e-12);
}

TEST(TruncatedNormalKernel, DensityIntegratesToOneOverTheBox) {
  const TruncatedNormalKernel k = one_knob();
  const double norm = 1 / (k.sd(0) * std::sqrt(2 * kPi));  // the constant log_density leaves out
  for (std::size_t j = 0; j < 2; ++j) {
    constexpr int kSteps = 20000;
    double integral = 0;
    for (int i = 0; i < kSteps; ++i) {
      const double x = (i + 0.5) / kSteps;
      integral += norm * std::exp(k.log_density(&x, j)) / kSteps;
    }
    EXPECT_NEAR(integral, 1.0, 1e-6) << "centre " << j;
  }
}

TEST(TruncatedNormalKernel, DrawsStayInsideAndHaveTheTruncatedMean) {
  const TruncatedNormalKernel k = one_knob();
  const double s = k.sd(0), c = 0.05;
  // The mean of a normal truncated to [a, b] (standardised): c + s (phi(a) - phi(b)) / mass.
  const double a = -c / s, b = (1 - c) / s;
  const auto phi = [](double z) { return std::exp(-0.5 * z * z) / std::sqrt(2 * kPi); };
  const double mass = 0.5 * (std::erfc(-b / std::sqrt(2.0)) - std::erfc(-a / std::sqrt(2.0)));
  const double exact_mean = c + s * (phi(a) - phi(b)) / mass;
  const sim::Philox rng(7);
  constexpr int kDraws = 200000;
  double sum = 0, sum2 = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double u = rng(static_cast<std::uint32_t>(i), 0, 0, 0)[0];
    double x = 0;
    k.perturb(0, &u, &x);
    ASSERT_GE(x, 0.0);
    ASSERT_LE(x, 1.0);
    sum += x;
    sum2 += x * x;
  }
  const double mean = sum / kDraws, sd = std::sqrt(sum2 / kDraws - mean * mean);
  EXPECT_NEAR(mean, exact_mean, 4 * sd / std::sqrt(kDraws));  // four standard errors
}

TEST(TruncatedNormalKernel, ExtremeUniformsLandOnTheFaces) {
  const TruncatedNormalKernel k = one_knob();
  for (double u : {1e-300, 0.5, 1 - 1e-16}) {
    double x = -1;
    k.perturb(1, &u, &x);
    EXPECT_GE(x, 0.0);
    EXPECT_LE(x, 1.0);
  }
}

}  // namespace
}  // namespace calibration
