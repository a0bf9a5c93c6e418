// Unit tests of the edit distance and the nearest-candidate search behind "did you mean" hints.
#include "sim/did_you_mean.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

TEST(DidYouMean, EditDistanceCountsInsertionsDeletionsAndSubstitutions) {
  EXPECT_EQ(sim::edit_distance("", ""), 0u);
  EXPECT_EQ(sim::edit_distance("", "abc"), 3u);
  EXPECT_EQ(sim::edit_distance("abc", ""), 3u);
  EXPECT_EQ(sim::edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(sim::edit_distance("cost_grwth", "cost_growth"), 1u);
  EXPECT_EQ(sim::edit_distance("cost_growth", "cost_growth"), 0u);
}

TEST(DidYouMean, EditDistanceCountsASwapAsOneEdit) {
  EXPECT_EQ(sim::edit_distance("cots_growth", "cost_growth"), 1u);
  EXPECT_EQ(sim::edit_distance("ab", "ba"), 1u);
}

TEST(DidYouMean, EditDistanceIgnoresAsciiCase) {
  EXPECT_EQ(sim::edit_distance("Cost_Growth", "cost_growth"), 0u);
}

TEST(DidYouMean, ThresholdGrowsWithLengthWithinBounds) {
  EXPECT_EQ(sim::suggestion_threshold("ab"), 1u);
  EXPECT_EQ(sim::suggestion_threshold("workers"), 2u);
  EXPECT_EQ(sim::suggestion_threshold("cost_growth"), 3u);
  EXPECT_EQ(sim::suggestion_threshold(std::string(100, 'x')), sim::kMaxSuggestionDistance);
}

TEST(DidYouMean, SuggestsTheNearestCandidate) {
  const std::vector<std::string> fields = {"compute_growth", "cost_growth", "coverage_mid"};
  EXPECT_EQ(sim::did_you_mean("cost_grwth", fields), "cost_growth");
  EXPECT_EQ(sim::did_you_mean("compute_grow", fields), "compute_growth");
  EXPECT_EQ(sim::nearest_candidate("coverage_mdi", fields), 2u);
}

TEST(DidYouMean, SuggestsNothingWhenNoCandidateIsClose) {
  const std::vector<std::string> fields = {"compute_growth", "cost_growth"};
  EXPECT_FALSE(sim::did_you_mean("population", fields));
  EXPECT_FALSE(sim::did_you_mean("", fields));
  EXPECT_FALSE(sim::did_you_mean("cost", {}));
}

TEST(DidYouMean, TiesGoToTheEarliestCandidate) {
  EXPECT_EQ(sim::did_you_mean("cat", {"bat", "hat"}), "bat");
  EXPECT_EQ(sim::did_you_mean("cat", {"hat", "bat"}), "hat");
}

TEST(DidYouMean, ExplicitThresholdOverridesTheDefault) {
  EXPECT_FALSE(sim::did_you_mean("kitten", {"sitting"}));
  EXPECT_EQ(sim::did_you_mean("kitten", {"sitting"}, 3), "sitting");
  EXPECT_FALSE(sim::did_you_mean("kitten", {"sitting"}, 2));
}

TEST(DidYouMean, IgnoresWordsTooLongToCompareCheaply) {
  const std::string long_word(sim::kMaxSuggestionWordLength + 1, 'a');
  EXPECT_FALSE(sim::did_you_mean(long_word, {long_word}));
}

}  // namespace
