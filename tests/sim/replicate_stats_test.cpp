// Tests of the statistics over replicates against values numpy gives (mean, std ddof=1, quantile).
#include "sim/replicate_stats.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

std::vector<double> stats_of(const std::vector<double>& replicate_values) {
  std::vector<double> out(sim::ReplicateStatistics::count());
  sim::replicate_statistics(replicate_values, replicate_values.size(), 1, out);
  return out;
}

TEST(ReplicateStatistics, NamesAndProbabilities) {
  EXPECT_EQ(sim::ReplicateStatistics::names().front(), "mean");
  EXPECT_EQ(sim::ReplicateStatistics::names().size(),
            2 + sim::ReplicateStatistics::probabilities().size());
}

TEST(ReplicateStatistics, MatchesNumpyOnFiveValues) {
  // np.mean, np.std(ddof=1), np.quantile(x, [.05, .25, .5, .75, .95]) of [3, 1, 4, 1, 5].
  const auto s = stats_of({3, 1, 4, 1, 5});
  EXPECT_DOUBLE_EQ(s[0], 2.8);
  EXPECT_NEAR(s[1], 1.7888543819998317, 1e-15);
  EXPECT_DOUBLE_EQ(s[2], 1.0);
  EXPECT_DOUBLE_EQ(s[3], 1.0);
  EXPECT_DOUBLE_EQ(s[4], 3.0);
  EXPECT_DOUBLE_EQ(s[5], 4.0);
  EXPECT_NEAR(s[6], 4.8, 1e-15);
}

TEST(ReplicateStatistics, MissingValuesAreSkipped) {
  const auto s = stats_of({kNan, 2.0, kNan, 4.0});
  EXPECT_DOUBLE_EQ(s[0], 3.0);
  EXPECT_NEAR(s[1], std::sqrt(2.0), 1e-15);
  EXPECT_DOUBLE_EQ(s[4], 3.0);
}

TEST(ReplicateStatistics, OneValueHasNoSpreadAndNoneIsAllMissing) {
  const auto one = stats_of({kNan, 7.0});
  EXPECT_DOUBLE_EQ(one[0], 7.0);
  EXPECT_TRUE(std::isnan(one[1]));
  EXPECT_DOUBLE_EQ(one[6], 7.0);
  for (double v : stats_of({kNan, kNan})) EXPECT_TRUE(std::isnan(v));
}

TEST(ReplicateStatistics, ElementsAreIndependent) {
  // Two replicates of three elements, replicate-major in, statistic-major out.
  const std::vector<double> values = {1, 10, 100, 3, 30, 300};
  std::vector<double> out(sim::ReplicateStatistics::count() * 3);
  sim::replicate_statistics(values, 2, 3, out);
  EXPECT_DOUBLE_EQ(out[0], 2.0);
  EXPECT_DOUBLE_EQ(out[1], 20.0);
  EXPECT_DOUBLE_EQ(out[2], 200.0);
}

TEST(ReplicateStatistics, RejectsMismatchedBuffers) {
  std::vector<double> out(3);
  EXPECT_THROW(sim::replicate_statistics(std::vector<double>{1, 2}, 2, 1, out),
               std::invalid_argument);
}

}  // namespace
