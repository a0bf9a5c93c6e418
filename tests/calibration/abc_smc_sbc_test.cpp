// Simulation-based calibration (Talts et al. 2018) of ABC-SMC on the toy Bass model: draw a truth
// from the prior, data from the truth, run the sampler, and rank the truth among posterior draws.
// For a right sampler the ranks are uniform; a chi-square test at level 1% per knob checks it,
// and the same test rejects the same posteriors made twice too narrow.
#include <gtest/gtest.h>

#include <algorithm>
#include <boost/math/distributions/chi_squared.hpp>
#include <cmath>

#include "calibration/abc_smc.hpp"
#include "calibration/weighted.hpp"
#include "tests/calibration/bass_toy.hpp"

namespace calibration {
namespace {

constexpr int kRepetitions = 200;
constexpr int kDraws = 9;      // posterior draws per repetition: ranks 0..9, 10 bins
constexpr double kEps = 0.75;  // final tolerance, in noise sds
constexpr double kLevel = 0.01;

// Ranks of the truth of each knob among kDraws resampled posterior draws, per repetition: first
// of the draws as sampled, then of the draws shrunk to half their distance from the posterior
// mean (a posterior twice too narrow).
struct Ranks {
  std::vector<int> rank[2];
};

std::pair<Ranks, Ranks> sbc_ranks() {
  const Prior prior = toy::bass_prior();
  const sim::Philox rng(2018);
  Ranks out, narrow;
  for (int rep = 0; rep < kRepetitions; ++rep) {
    const auto r32 = static_cast<std::uint32_t>(rep);
    // The truth from the prior; data from the ABC model y = F + sigma (z + u).
    const sim::Uniform4 u = rng(r32, 0, 1);
    const double truth[2] = {
        prior.to_value(0,
                       prior.internal_lo(0) + u[0] * (prior.internal_hi(0) - prior.internal_lo(0))),
        prior.to_value(
            1, prior.internal_lo(1) + u[1] * (prior.internal_hi(1) - prior.internal_lo(1)))};
    double z0 = 0, z1 = 0, e0 = 0, e1 = 0;
    toy::normal_pair(rng(r32, 0, 2), 0, z0, z1);
    toy::disc_point(rng(r32, 0, 3), kEps, e0, e1);
    const std::vector<double> y = {
        toy::bass(truth[0], truth[1], toy::kDates[0]) + toy::kSigma * (z0 + e0),
        toy::bass(truth[0], truth[1], toy::kDates[1]) + toy::kSigma * (z1 + e1)};
    AbcSettings s;
    s.seed = 1000 + rep;
    s.particles = 200;
    s.target_tolerance = kEps;
    s.min_acceptance = 0.001;
    s.max_generations = 60;
    const AbcResult r = run_abc_smc(prior, s, toy::bass_simulator(y, 5000 + rep));
    EXPECT_EQ(r.stop, StopReason::kTolerance) << "repetition " << rep;
    // Multinomial draws from the weighted particles.
    std::vector<double> cum(r.posterior.size());
    double c = 0;
    for (std::size_t i = 0; i < cum.size(); ++i) cum[i] = c += r.posterior.weight[i];
    for (int k = 0; k < 2; ++k) {
      const std::vector<double> x = r.posterior.column(k);
      const double centre = prior.to_internal(k, weighted_mean(x, r.posterior.weight));
      int rank = 0, narrow_rank = 0;
      for (int draw = 0; draw < kDraws; ++draw) {
        const double v = rng(r32, 1, 4, static_cast<std::uint32_t>(draw))[k] * c;
        const auto i = std::min<std::size_t>(
            std::lower_bound(cum.begin(), cum.end(), v) - cum.begin(), cum.size() - 1);
        const double z = prior.to_internal(k, x[i]), t = prior.to_internal(k, truth[k]);
        rank += z < t;
        narrow_rank += centre + 0.5 * (z - centre) < t;
      }
      out.rank[k].push_back(rank);
      narrow.rank[k].push_back(narrow_rank);
    }
  }
  return {out, narrow};
}

// p-value of the chi-square test that the ranks 0..kDraws are uniform.
double uniformity_p(const std::vector<int>& ranks) {
  std::vector<double> count(kDraws + 1, 0.0);
  for (int r : ranks) count[r] += 1;
  const double expected = static_cast<double>(ranks.size()) / (kDraws + 1);
  double chi2 = 0;
  for (double n : count) chi2 += (n - expected) * (n - expected) / expected;
  return boost::math::cdf(boost::math::complement(boost::math::chi_squared(kDraws), chi2));
}

// The repetitions are run once: the ranks of the draws as sampled and shrunk to half their spread.
const std::pair<Ranks, Ranks>& sbc() {
  static const std::pair<Ranks, Ranks> ranks = sbc_ranks();
  return ranks;
}

TEST(AbcSmcSbc, RanksOfTheTruthAreUniform) {
  for (int k = 0; k < 2; ++k) EXPECT_GT(uniformity_p(sbc().first.rank[k]), kLevel) << "knob " << k;
}

TEST(AbcSmcSbc, DetectsAPosteriorTwiceTooNarrow) {
  for (int k = 0; k < 2; ++k) EXPECT_LT(uniformity_p(sbc().second.rank[k]), kLevel) << "knob " << k;
}

}  // namespace
}  // namespace calibration
