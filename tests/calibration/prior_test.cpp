#include "calibration/prior.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace calibration {
namespace {

TEST(Prior, LogUniformWorksInLogs) {
  const Prior p({{"a", 1e-3, 1e-1, PriorShape::kLogUniform}, {"b", -1, 1, PriorShape::kUniform}});
  EXPECT_DOUBLE_EQ(p.internal_lo(0), std::log(1e-3));
  EXPECT_DOUBLE_EQ(p.to_value(0, p.to_internal(0, 0.01)), 0.01);
  EXPECT_EQ(p.to_value(0, p.internal_hi(0)), 1e-1);  // clamped onto the declared range
  EXPECT_TRUE(p.inside({std::log(0.01), 0.5}));
  EXPECT_FALSE(p.inside({std::log(0.01), 1.5}));
}

TEST(Prior, RejectsBadRanges) {
  EXPECT_THROW(Prior({{"a", 0, 1, PriorShape::kLogUniform}}), std::invalid_argument);
  EXPECT_THROW(Prior({{"a", 1, 1, PriorShape::kUniform}}), std::invalid_argument);
  EXPECT_THROW(parse_prior_shape("normal"), std::invalid_argument);
  EXPECT_EQ(parse_prior_shape("log-uniform"), PriorShape::kLogUniform);
}

}  // namespace
}  // namespace calibration
