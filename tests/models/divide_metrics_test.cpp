// Tests of the divide metrics (Gini, Theil T and its split, ratio and gap) on hand examples.
#include "models/divide_metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {

using models::divide_metrics;
using models::DivideMetrics;

constexpr int kLow = 0, kLowerMiddle = 1, kUpperMiddle = 2, kHigh = 3;

DivideMetrics metrics(const std::vector<double>& x, const std::vector<double>& w,
                      const std::vector<int>& g) {
  return divide_metrics(x, w, g);
}

TEST(DivideMetricsTest, EqualValuesHaveNoInequality) {
  const DivideMetrics m = metrics({0.3, 0.3, 0.3, 0.3}, {5.0, 1.0, 2.0, 7.0},
                                  {kLow, kLowerMiddle, kUpperMiddle, kHigh});
  EXPECT_NEAR(m.gini, 0.0, 1e-15);
  EXPECT_NEAR(m.theil, 0.0, 1e-15);
  EXPECT_NEAR(m.theil_between, 0.0, 1e-15);
  EXPECT_NEAR(m.theil_within, 0.0, 1e-15);
  EXPECT_DOUBLE_EQ(m.ratio_high_low, 1.0);
  EXPECT_DOUBLE_EQ(m.gap_high_low, 0.0);
}

TEST(DivideMetricsTest, TwoCountriesByHand) {
  // x = 1 (low income) and 3 (high income), equal weights: mean 2.
  const DivideMetrics m = metrics({1.0, 3.0}, {1.0, 1.0}, {kLow, kHigh});
  // Gini: sum_ij w_i w_j |x_i - x_j| / (2 W^2 mean) = 2 * 2 / (2 * 4 * 2).
  EXPECT_NEAR(m.gini, 0.25, 1e-15);
  // Theil T: (1/2) [(1/2) ln(1/2) + (3/2) ln(3/2)].
  const double theil = 0.5 * (0.5 * std::log(0.5) + 1.5 * std::log(1.5));
  EXPECT_NEAR(m.theil, theil, 1e-15);
  EXPECT_NEAR(m.theil, 0.1308120, 1e-7);
  // One country per group: all of it is between groups.
  EXPECT_NEAR(m.theil_between, theil, 1e-15);
  EXPECT_NEAR(m.theil_within, 0.0, 1e-15);
  EXPECT_DOUBLE_EQ(m.ratio_high_low, 3.0);
  EXPECT_DOUBLE_EQ(m.gap_high_low, 2.0);
}

TEST(DivideMetricsTest, WeightsCount) {
  // x = 1 with weight 3 and x = 3 with weight 1: mean 1.5.
  const DivideMetrics m = metrics({1.0, 3.0}, {3.0, 1.0}, {kLow, kHigh});
  EXPECT_NEAR(m.gini, 2.0 * 3.0 * 1.0 * 2.0 / (2.0 * 16.0 * 1.5), 1e-15);
  // (1/4) [3 (2/3) ln(2/3) + 2 ln 2] = (1/2) ln(4/3).
  EXPECT_NEAR(m.theil, 0.5 * std::log(4.0 / 3.0), 1e-15);
  // Scaling every weight leaves the metrics unchanged.
  const DivideMetrics scaled = metrics({1.0, 3.0}, {3e6, 1e6}, {kLow, kHigh});
  EXPECT_NEAR(scaled.gini, m.gini, 1e-15);
  EXPECT_NEAR(scaled.theil, m.theil, 1e-15);
}

TEST(DivideMetricsTest, ZeroValuesAddNothingToTheil) {
  const DivideMetrics m = metrics({0.0, 2.0}, {1.0, 1.0}, {kLow, kHigh});
  EXPECT_NEAR(m.theil, std::log(2.0), 1e-15);  // (1/2) * 2 ln 2
  EXPECT_NEAR(m.gini, 0.5, 1e-15);
  // One country holds everything among four equal ones: Gini 1 - 1/n, Theil ln n.
  const DivideMetrics top = metrics({0.0, 0.0, 0.0, 1.0}, {1, 1, 1, 1}, {kLow, kLow, kHigh, kHigh});
  EXPECT_NEAR(top.gini, 0.75, 1e-15);
  EXPECT_NEAR(top.theil, std::log(4.0), 1e-14);
}

TEST(DivideMetricsTest, ScaleAndReplicationInvariance) {
  const std::vector<double> x = {0.1, 0.25, 0.4, 0.05, 0.7};
  const std::vector<double> w = {3, 1, 2, 5, 1};
  const std::vector<int> g = {kLow, kLowerMiddle, kUpperMiddle, kLow, kHigh};
  const DivideMetrics m = metrics(x, w, g);
  std::vector<double> x7;
  for (const double v : x) x7.push_back(7 * v);
  const DivideMetrics s = metrics(x7, w, g);
  EXPECT_NEAR(s.gini, m.gini, 1e-14);
  EXPECT_NEAR(s.theil, m.theil, 1e-14);
  EXPECT_NEAR(s.ratio_high_low, m.ratio_high_low, 1e-12);
  EXPECT_NEAR(s.gap_high_low, 7 * m.gap_high_low, 1e-14);
  // Each country split in two halves of the same value: nothing changes.
  std::vector<double> xx, ww;
  std::vector<int> gg;
  for (std::size_t i = 0; i < x.size(); ++i) {
    for (int k = 0; k < 2; ++k) xx.push_back(x[i]), ww.push_back(w[i] / 2), gg.push_back(g[i]);
  }
  const DivideMetrics r = metrics(xx, ww, gg);
  EXPECT_NEAR(r.gini, m.gini, 1e-14);
  EXPECT_NEAR(r.theil, m.theil, 1e-14);
  EXPECT_NEAR(r.theil_between, m.theil_between, 1e-14);
  EXPECT_GT(m.gini, 0.2);
}

TEST(DivideMetricsTest, NaNWhenTheMeanIsZero) {
  const DivideMetrics m = metrics({0.0, 0.0, 0.0}, {1.0, 2.0, 3.0}, {kLow, kUpperMiddle, kHigh});
  EXPECT_TRUE(std::isnan(m.gini));
  EXPECT_TRUE(std::isnan(m.theil));
  EXPECT_TRUE(std::isnan(m.theil_between));
  EXPECT_TRUE(std::isnan(m.theil_within));
  EXPECT_TRUE(std::isnan(m.ratio_high_low));
}

TEST(DivideMetricsTest, BetweenPlusWithinIsTotalTheil) {
  // Low: x = 1; high: x = 2 and 4; equal weights; mean 7/3.
  const DivideMetrics m = metrics({1.0, 2.0, 4.0}, {1.0, 1.0, 1.0}, {kLow, kHigh, kHigh});
  const double mu = 7.0 / 3.0;
  const double total = (1.0 / 3) * ((1 / mu) * std::log(1 / mu) + (2 / mu) * std::log(2 / mu) +
                                    (4 / mu) * std::log(4 / mu));
  const double t_high = 0.5 * ((2.0 / 3) * std::log(2.0 / 3) + (4.0 / 3) * std::log(4.0 / 3));
  const double between =
      (1.0 / 3) * (1 / mu) * std::log(1 / mu) + (2.0 / 3) * (3 / mu) * std::log(3 / mu);
  const double within = (2.0 / 3) * (3 / mu) * t_high;
  EXPECT_NEAR(m.theil, total, 1e-15);
  EXPECT_NEAR(m.theil_between, between, 1e-15);
  EXPECT_NEAR(m.theil_within, within, 1e-15);
  EXPECT_NEAR(m.theil_between + m.theil_within, m.theil, 1e-15);
  EXPECT_DOUBLE_EQ(m.ratio_high_low, 3.0);

  // The decomposition holds for any values, including zeros inside a group.
  const DivideMetrics n =
      metrics({0.0, 0.3, 0.1, 0.6, 0.8, 0.05, 0.0, 0.9}, {4, 2, 7, 1, 3, 5, 2, 1},
              {kLow, kLow, kLowerMiddle, kUpperMiddle, kHigh, kLowerMiddle, kUpperMiddle, kHigh});
  EXPECT_NEAR(n.theil_between + n.theil_within, n.theil, 1e-14);
  EXPECT_GT(n.theil_between, 0.0);
  EXPECT_GT(n.theil_within, 0.0);
}

TEST(DivideMetricsTest, GroupWithAllZeroValuesStillDecomposes) {
  const DivideMetrics m = metrics({0.0, 0.0, 1.0, 3.0}, {1, 1, 1, 1}, {kLow, kLow, kHigh, kHigh});
  EXPECT_NEAR(m.theil_between + m.theil_within, m.theil, 1e-15);
  EXPECT_NEAR(m.theil_between, std::log(2.0), 1e-15);  // high holds everything, half the weight
  EXPECT_TRUE(std::isnan(m.ratio_high_low));           // the low mean is 0
  EXPECT_DOUBLE_EQ(m.gap_high_low, 2.0);
}

TEST(DivideMetricsTest, RatioIsNaNWhenTheLowMeanIsZero) {
  const DivideMetrics m = metrics({0.0, 1.0, 2.0}, {2.0, 1.0, 1.0}, {kLow, kUpperMiddle, kHigh});
  EXPECT_TRUE(std::isnan(m.ratio_high_low));
  EXPECT_DOUBLE_EQ(m.gap_high_low, 2.0);
  EXPECT_FALSE(std::isnan(m.gini));
  EXPECT_FALSE(std::isnan(m.theil));
  // A positive low mean gives a finite ratio.
  const DivideMetrics f = metrics({0.5, 1.0, 2.0}, {2.0, 1.0, 1.0}, {kLow, kUpperMiddle, kHigh});
  EXPECT_DOUBLE_EQ(f.ratio_high_low, 4.0);
  EXPECT_DOUBLE_EQ(f.gap_high_low, 1.5);
}

TEST(DivideMetricsTest, GroupMeansAreWeightedAndNaNWhenEmpty) {
  const std::vector<double> x = {1.0, 3.0, 2.0};
  const std::vector<double> w = {1.0, 3.0, 5.0};
  const std::vector<int> g = {kLow, kLow, kHigh};
  double out[4];
  models::group_means(x, w, g, out);
  EXPECT_DOUBLE_EQ(out[kLow], 2.5);  // (1 + 9) / 4
  EXPECT_TRUE(std::isnan(out[kLowerMiddle]));
  EXPECT_TRUE(std::isnan(out[kUpperMiddle]));
  EXPECT_DOUBLE_EQ(out[kHigh], 2.0);
}

}  // namespace
