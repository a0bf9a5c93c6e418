// Tests of the counter-based generator: Random123 known answers, counters, uniforms, member seeds.
#include "sim/rng.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <set>

namespace {

using sim::member_seed;
using sim::Philox;
using sim::Uniform4;

constexpr double kSigmas = 4.0;  // statistical tolerance, in standard errors

void expect_bits(const Uniform4& u, std::uint32_t a, std::uint32_t b, std::uint32_t c,
                 std::uint32_t d) {
  EXPECT_EQ(u.bits[0], a);
  EXPECT_EQ(u.bits[1], b);
  EXPECT_EQ(u.bits[2], c);
  EXPECT_EQ(u.bits[3], d);
}

TEST(RngTest, MatchesRandom123KnownAnswers) {
  // Random123 tests/kat_vectors, "philox4x32 10": counter, key (low word first), result.
  expect_bits(Philox(0)(0, 0, 0, 0), 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8);
  expect_bits(Philox(0xffffffffffffffffULL)(0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff),
              0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd);
  expect_bits(Philox(0x299f31d0a4093822ULL)(0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344),
              0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1);
}

TEST(RngTest, SameCounterSameBits) {
  const Philox a(12345), b(12345);
  for (std::uint32_t agent = 0; agent < 100; ++agent) {
    const Uniform4 x = a(agent, 7, 2, 1), y = b(agent, 7, 2, 1), z = a(agent, 7, 2, 1);
    for (int i = 0; i < 4; ++i) {
      EXPECT_EQ(x.bits[i], y.bits[i]);
      EXPECT_EQ(x.bits[i], z.bits[i]);  // stateless: a second call repeats the first
    }
  }
}

TEST(RngTest, EveryCounterFieldAndTheSeedChangeTheBits) {
  const Philox rng(99);
  const Uniform4 base = rng(10, 20, 3, 0);
  const Uniform4 others[] = {
      rng(11, 20, 3, 0),         rng(10, 21, 3, 0),
      rng(10, 20, 4, 0),         rng(10, 20, 3, 1),
      Philox(100)(10, 20, 3, 0), Philox(99 + (1ULL << 32))(10, 20, 3, 0)};  // high word of the seed
  for (const Uniform4& o : others) {
    int same = 0;
    for (int i = 0; i < 4; ++i) same += o.bits[i] == base.bits[i];
    EXPECT_EQ(same, 0);
  }
  // Many counters: no repeated 128-bit outputs.
  std::set<std::pair<std::uint64_t, std::uint64_t>> seen;
  for (std::uint32_t agent = 0; agent < 2000; ++agent) {
    for (std::uint32_t tick = 0; tick < 5; ++tick) {
      const Uniform4 u = rng(agent, tick, 1);
      seen.insert({(std::uint64_t{u.bits[0]} << 32) | u.bits[1],
                   (std::uint64_t{u.bits[2]} << 32) | u.bits[3]});
    }
  }
  EXPECT_EQ(seen.size(), 10000u);
}

TEST(RngTest, UniformsAreInsideTheOpenUnitInterval) {
  const Uniform4 lo{{0, 0, 0, 0}};
  const Uniform4 hi{{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}};
  EXPECT_GT(lo[0], 0.0);
  EXPECT_LT(hi[0], 1.0);
  // So `u < p` never fires for p = 0 and always fires for p = 1.
  EXPECT_FALSE(lo[0] < 0.0);
  EXPECT_TRUE(hi[0] < 1.0);
  EXPECT_DOUBLE_EQ(lo[0], 0.5 * 0x1p-32);
}

TEST(RngTest, UniformMomentsAndBinsMatchWithinStandardErrors) {
  const Philox rng(member_seed(1, 0));
  constexpr int kDraws = 50000;  // four lanes each
  constexpr int kBins = 10;
  double sum[4] = {0, 0, 0, 0}, sum_sq = 0, cross = 0;
  int bins[kBins] = {};
  for (std::uint32_t j = 0; j < kDraws; ++j) {
    const Uniform4 u = rng(j, 3, 1);
    for (int i = 0; i < 4; ++i) {
      sum[i] += u[i];
      sum_sq += u[i] * u[i];
      ++bins[static_cast<int>(u[i] * kBins)];
    }
    cross += (u[0] - 0.5) * (u[1] - 0.5);
  }
  const double n = kDraws;
  // Mean 1/2 with variance 1/12 per draw, in each lane.
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(sum[i] / n, 0.5, kSigmas * std::sqrt(1.0 / 12.0 / n)) << i;
  }
  // E[u^2] = 1/3, Var[u^2] = 1/5 - 1/9.
  EXPECT_NEAR(sum_sq / (4 * n), 1.0 / 3.0, kSigmas * std::sqrt((1.0 / 5 - 1.0 / 9) / (4 * n)));
  // Lanes are uncorrelated: E[(u0 - 1/2)(u1 - 1/2)] = 0 with s.d. 1/12 per draw.
  EXPECT_NEAR(cross / n, 0.0, kSigmas * (1.0 / 12.0) / std::sqrt(n));
  // Each tenth of (0, 1) holds a tenth of the draws.
  const double total = 4 * n, p = 1.0 / kBins;
  for (int b = 0; b < kBins; ++b) {
    EXPECT_NEAR(bins[b] / total, p, kSigmas * std::sqrt(p * (1 - p) / total)) << b;
  }
}

TEST(RngTest, ConsecutiveAgentsAreUncorrelated) {
  const Philox rng(member_seed(3, 2));
  constexpr int kDraws = 40000;
  double cross = 0;
  double previous = rng(0, 0, 2)[0];
  for (std::uint32_t j = 1; j <= kDraws; ++j) {
    const double u = rng(j, 0, 2)[0];
    cross += (u - 0.5) * (previous - 0.5);
    previous = u;
  }
  EXPECT_NEAR(cross / kDraws, 0.0, kSigmas * (1.0 / 12.0) / std::sqrt(double{kDraws}));
}

TEST(RngTest, MemberSeedDependsOnSeedAndReplicateOnly) {
  static_assert(member_seed(1, 0) == member_seed(1, 0));  // a pure function, usable at compile time
  EXPECT_NE(member_seed(1, 0), member_seed(1, 1));
  EXPECT_NE(member_seed(1, 0), member_seed(2, 0));
  EXPECT_NE(member_seed(1, 2), member_seed(2, 1));  // not symmetric in its arguments
  EXPECT_NE(member_seed(0, 0), 0u);
  std::set<std::uint64_t> seeds;
  for (std::uint64_t seed = 0; seed < 50; ++seed) {
    for (std::uint64_t replicate = 0; replicate < 50; ++replicate) {
      seeds.insert(member_seed(seed, replicate));
    }
  }
  EXPECT_EQ(seeds.size(), 2500u);
  // Seeds that differ in a high bit only still give different streams.
  EXPECT_NE(member_seed(1ULL << 40, 0), member_seed(0, 0));
  EXPECT_NE(Philox(member_seed(5, 0))(0, 0, 1).bits[0], Philox(member_seed(5, 1))(0, 0, 1).bits[0]);
}

TEST(RngTest, Mix64IsTheSplitMix64Finaliser) {
  // SplitMix64 seeded with 0: its first outputs are mix64(0), mix64(golden ratio), ...
  EXPECT_EQ(sim::mix64(0), 0xe220a8397b1dcdafULL);
  EXPECT_EQ(sim::mix64(0x9e3779b97f4a7c15ULL), 0x6e789e6aa1b965f4ULL);
  EXPECT_NE(sim::mix64(1), sim::mix64(2));
}

}  // namespace
