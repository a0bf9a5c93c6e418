// The cache of baseline states: by baseline and replicate, the newest baselines kept.
#include "explorer/branch_cache.hpp"

#include <gtest/gtest.h>

namespace explorer {
namespace {

std::shared_ptr<const Branch> branch(int tick) {
  auto b = std::make_shared<Branch>();
  b->tick = tick;
  return b;
}

TEST(BranchCache, KeepsTheNewestBaselinesByReplicate) {
  BranchCache cache(2);
  cache.put("a", 0, branch(1));
  cache.put("a", 1, branch(2));
  cache.put("b", 0, branch(3));
  EXPECT_EQ(cache.get("a", 1)->tick, 2);
  EXPECT_EQ(cache.get("b", 1), nullptr);
  cache.put("c", 0, branch(4));  // "a" is the oldest: it goes, both replicates
  EXPECT_EQ(cache.get("a", 0), nullptr);
  EXPECT_EQ(cache.get("a", 1), nullptr);
  EXPECT_EQ(cache.get("b", 0)->tick, 3);
  EXPECT_EQ(cache.get("c", 0)->tick, 4);
}

}  // namespace
}  // namespace explorer
