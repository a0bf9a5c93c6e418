// Tests of the built-in designs: grid order, Latin hypercube strata, levels and scaling.
#include "sim/design.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>
#include <vector>

namespace {

TEST(FullGrid, FirstFactorSlowestLastFastest) {
  const auto rows = sim::full_grid({{1, 2}, {10, 20, 30}});
  const std::vector<std::vector<double>> want = {{1, 10}, {1, 20}, {1, 30},
                                                 {2, 10}, {2, 20}, {2, 30}};
  EXPECT_EQ(rows, want);
}

TEST(FullGrid, NoFactorIsOnePointAndAnEmptyFactorNone) {
  EXPECT_EQ(sim::full_grid({}), std::vector<std::vector<double>>(1));
  EXPECT_TRUE(sim::full_grid({{1, 2}, {}}).empty());
}

TEST(LatinHypercube, EveryStratumOfEveryAxisHoldsOnePoint) {
  const std::size_t n = 37, d = 4;
  const auto points = sim::latin_hypercube(n, d, 12345);
  ASSERT_EQ(points.size(), n);
  for (std::size_t j = 0; j < d; ++j) {
    std::set<std::size_t> strata;
    for (const auto& p : points) {
      ASSERT_GE(p[j], 0.0);
      ASSERT_LT(p[j], 1.0);
      strata.insert(static_cast<std::size_t>(p[j] * static_cast<double>(n)));
    }
    EXPECT_EQ(strata.size(), n) << "axis " << j;
  }
}

TEST(LatinHypercube, SameSeedSameDesignOtherSeedOtherDesign) {
  EXPECT_EQ(sim::latin_hypercube(10, 3, 7), sim::latin_hypercube(10, 3, 7));
  EXPECT_NE(sim::latin_hypercube(10, 3, 7), sim::latin_hypercube(10, 3, 8));
}

TEST(LatinHypercube, AxesAreNotPermutedAlike) {
  // Independent permutations per axis: with 50 points, identical strata orders would be a bug.
  const auto points = sim::latin_hypercube(50, 2, 1);
  std::size_t same = 0;
  for (const auto& p : points) {
    same += static_cast<std::size_t>(p[0] * 50) == static_cast<std::size_t>(p[1] * 50);
  }
  EXPECT_LT(same, 10u);
}

TEST(SpacedLevels, EndpointsExactAndLogEvenInRatio) {
  const auto linear = sim::spaced_levels(2.0, 3.0, 3, false);
  EXPECT_EQ(linear, (std::vector<double>{2.0, 2.5, 3.0}));
  const auto log = sim::spaced_levels(1.0, 100.0, 3, true);
  EXPECT_EQ(log.front(), 1.0);
  EXPECT_EQ(log.back(), 100.0);
  EXPECT_NEAR(log[1], 10.0, 1e-12);
}

TEST(ScaleUnit, StaysInsideTheRange) {
  for (double u : {0.0, 0.25, 0.999999999999}) {
    const double v = sim::scale_unit(u, 1e-3, 7.0, true);
    EXPECT_GE(v, 1e-3);
    EXPECT_LE(v, 7.0);
  }
  EXPECT_DOUBLE_EQ(sim::scale_unit(0.5, 2.0, 4.0, false), 3.0);
}

}  // namespace
