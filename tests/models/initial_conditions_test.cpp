// The initial world matches its data for every country: pillars, labour force, income groups,
// compute and investment shares exactly; agent shares within sampling error.
#include <gtest/gtest.h>

#include <cmath>

#include "models/init.hpp"
#include "models/params.hpp"

namespace {

using models::CountryData;
using models::Params;
using models::World;

// Five standard errors: with about 1,500 checks, a false alarm has odds of about 1 in 1,000.
constexpr double kSigmas = 5.0;

class InitialConditions : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_ = new CountryData(models::load_country_data(std::string(AIDIVIDE_SOURCE_DIR) + "/data"));
    params_ = new Params();
    world_ = new World(models::make_world(*params_, *data_, 12345));
  }
  static void TearDownTestSuite() {
    delete world_;
    delete params_;
    delete data_;
  }
  // Fraction of country c's workers for which `pred(i)` holds, and the agent count.
  template <class Pred>
  static std::pair<double, double> worker_share(int c, Pred pred) {
    const auto& k = world_->countries;
    double hits = 0;
    for (std::uint32_t i = k.worker_offset[c]; i < k.worker_offset[c + 1]; ++i) hits += pred(i);
    const double n = k.worker_offset[c + 1] - k.worker_offset[c];
    return {hits / n, n};
  }
  static void expect_share(double share, double n, double p, const std::string& what) {
    const double se = std::sqrt(std::max(p * (1 - p), 1e-12) / n);
    EXPECT_NEAR(share, p, kSigmas * se + 1e-12) << what << " (n = " << n << ")";
  }
  static CountryData* data_;
  static Params* params_;
  static World* world_;
};

CountryData* InitialConditions::data_ = nullptr;
Params* InitialConditions::params_ = nullptr;
World* InitialConditions::world_ = nullptr;

TEST_F(InitialConditions, CountryStateEqualsTheData) {
  const auto& k = world_->countries;
  ASSERT_EQ(k.n, static_cast<int>(data_->countries.size()));
  ASSERT_EQ(k.n, 170);
  for (int c = 0; c < k.n; ++c) {
    const models::CountryRecord& r = data_->countries[c];
    const auto& a = data_->by_income[static_cast<int>(r.income)];
    SCOPED_TRACE(r.iso3);
    EXPECT_EQ(k.iso3[c], r.iso3);
    EXPECT_EQ(k.income[c], r.income);
    for (int q = 0; q < models::kPillars; ++q) {
      EXPECT_DOUBLE_EQ(k.pillar[q][c], std::clamp(r.pillars[q], 1e-4, 0.999));
    }
    EXPECT_DOUBLE_EQ(k.labour_force[c], r.population * a.labour_force_ratio);
    EXPECT_DOUBLE_EQ(k.gdp_per_capita_usd[c], r.gdp_per_capita_usd);
    EXPECT_DOUBLE_EQ(k.compute_pflops[c],
                     std::max(r.compute16_pflops_2023, params_->capital.compute_floor));
    EXPECT_DOUBLE_EQ(k.language_fit[c], r.language_fit);
    // Weights times agents give the labour force.
    const double n = k.worker_offset[c + 1] - k.worker_offset[c];
    EXPECT_NEAR(k.worker_weight[c] * n, k.labour_force[c], 1e-6 * k.labour_force[c]);
  }
}

TEST_F(InitialConditions, CapitalSharesFollowTheInvestmentData) {
  const auto& k = world_->countries;
  double total = 0, cset_others = 0;
  const int usa = data_->index_of("USA"), chn = data_->index_of("CHN");
  for (int c = 0; c < k.n; ++c) {
    total += k.ai_capital_usd[c];
    if (c != usa && c != chn) cset_others += data_->countries[c].cset_investment_2019_2023_usd;
  }
  const double stock = params_->capital.capital_stock_2023_usd;
  EXPECT_NEAR(k.ai_capital_usd[usa] / stock, params_->capital.usa_share_2023, 1e-12);
  EXPECT_NEAR(k.ai_capital_usd[chn] / stock, params_->capital.chn_share_2023, 1e-12);
  const double rest = 1.0 - params_->capital.usa_share_2023 - params_->capital.chn_share_2023;
  for (int c = 0; c < k.n; ++c) {
    if (c == usa || c == chn) continue;
    const double cset = data_->countries[c].cset_investment_2019_2023_usd;
    SCOPED_TRACE(k.iso3[c]);
    if (cset > 0) {
      EXPECT_NEAR(k.ai_capital_usd[c] / stock, rest * cset / cset_others, 1e-12);
    } else {
      EXPECT_DOUBLE_EQ(k.ai_capital_usd[c], world_->globals.k0);
    }
  }
  // Compute shares are the TOP500 shares (with the floor) of the model countries.
  double compute = 0;
  for (int c = 0; c < k.n; ++c) compute += k.compute_pflops[c];
  for (int c = 0; c < k.n; ++c) {
    EXPECT_NEAR(k.compute_share[c], k.compute_pflops[c] / compute, 1e-12) << k.iso3[c];
  }
}

TEST_F(InitialConditions, WorkerSharesWithinSamplingErrorInEveryCountry) {
  const auto& k = world_->countries;
  const auto& w = world_->workers;
  for (int c = 0; c < k.n; ++c) {
    const auto& a = data_->by_income[static_cast<int>(k.income[c])];
    SCOPED_TRACE(k.iso3[c]);
    auto [exposed, n] = worker_share(c, [&](std::uint32_t i) {
      return w.occupation[i] == models::kExposedComplementary ||
             w.occupation[i] == models::kExposedSubstitutable;
    });
    expect_share(exposed, n, a.exposed_complementary + a.exposed_substitutable, "exposed");
    expect_share(
        worker_share(c, [&](std::uint32_t i) { return w.occupation[i] == models::kDataWork; })
            .first,
        n, a.data_work_share, "data work");
    expect_share(
        worker_share(c, [&](std::uint32_t i) { return w.sex[i] == models::kFemale; }).first, n,
        a.female_share, "female");
    expect_share(worker_share(c, [&](std::uint32_t i) { return w.youth[i] != 0; }).first, n,
                 a.youth_share, "youth");
    for (int s = 0; s < models::kSkills; ++s) {
      expect_share(worker_share(c, [&](std::uint32_t i) { return w.skill[i] == s; }).first, n,
                   a.skill[s], "skill " + std::to_string(s));
    }
    expect_share(worker_share(c, [&](std::uint32_t i) { return w.online[i] != 0; }).first, n,
                 k.internet_share[c], "online");
  }
}

}  // namespace
