// Model v2 supply side (MODEL.md section 9, M3-M6, M9, M11, M12) on the tiny test world.
#include "models/provider_reach.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "models/capital_politics.hpp"
#include "models/init.hpp"
#include "models/phases.hpp"
#include "world_builder.hpp"

namespace {

using models::Params;
using models::World;
using test_world::kHic;
using test_world::kLic;
using test_world::kLmc;
using test_world::kUmc;

void run_ticks(const Params& p, World& w, int ticks) {
  for (int tick = 0; tick < ticks; ++tick) {
    const models::TickContext ctx = models::make_tick_context(p, tick);
    for (const auto& phase : models::kPhases) phase.run(p, w, ctx);
  }
}

// M1/M2 interface: the best fit and the cheapest coverage-adjusted price among reachable
// providers; tier 3 without a domestic lab leaves open weights only.
TEST(ProviderReachTest, BestFitAndHeavyUsePriceOverReachableProviders) {
  const Params p = test_world::tiny_params();
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  k.language_fit[kLmc] = 0.6;
  k.language_fit_open[kLmc] = 0.7;
  EXPECT_DOUBLE_EQ(models::best_language_fit(p, w, kLmc), 0.7);
  k.language_fit_open[kLmc] = 0.5;
  EXPECT_DOUBLE_EQ(models::best_language_fit(p, w, kLmc), 0.6);
  k.control_tier[kLmc] = 3;
  k.domestic_lab[kLmc] = 0;
  EXPECT_DOUBLE_EQ(models::best_language_fit(p, w, kLmc), 0.5);
  const auto price = models::provider_prices(w, kLmc);
  EXPECT_DOUBLE_EQ(models::heavy_use_price(p, w, kLmc), price[2] / k.coverage_open[kLmc]);
}

// M3: readiness is the mean of di, hc and ie; the regulation pillar does not enter it.
TEST(ProviderReachTest, ReadinessIsTheMeanOfThreeCapabilityPillars) {
  const Params p = test_world::tiny_params();
  World w = test_world::tiny_world(p);
  const auto& k = w.countries;
  for (int c = 0; c < k.n; ++c) {
    EXPECT_NEAR(k.readiness[c], (k.pillar[0][c] + k.pillar[1][c] + k.pillar[2][c]) / 3, 1e-12);
  }
}

// M3: the Eurostat 2023 value is the firm-count-weighted share of small, medium and large firms,
// split in the EU 2024 ratios; micro firms and countries without data follow (R / R_HIC)^rho0.
TEST(ProviderReachTest, InitialAdoptionFromEurostatWhereItExists) {
  const Params p = test_world::tiny_params();
  models::CountryData data = test_world::tiny_data();
  data.countries[kHic].enterprise_ai_2023 = 0.08;
  const World w = models::make_world(p, data, test_world::test_seed());
  const auto a = models::initial_adoption(p, data, w, kHic);
  const auto& count = data.by_income[3].firm_count_share;
  const double weighted =
      (count[1] * a[1] + count[2] * a[2] + count[3] * a[3]) / (count[1] + count[2] + count[3]);
  EXPECT_NEAR(weighted, 0.08, 1e-12);
  EXPECT_NEAR(a[3] / a[1], 41.17 / 11.21, 1e-12);
  const auto b = models::initial_adoption(p, data, w, kLic);
  const double scale = std::pow(w.countries.readiness[kLic] / w.globals.r_hic, p.firms.rho0);
  EXPECT_NEAR(b[3], p.firms.adopt0_large * scale, 1e-12);
  EXPECT_NEAR(
      a[0],
      p.firms.adopt0_micro * std::pow(w.countries.readiness[kHic] / w.globals.r_hic, p.firms.rho0),
      1e-12);
}

// M4: a data commons raises the ceiling and open fit at least as much as closed fit, so it does
// not raise the closed-foreign share of its targets' new pilots.
TEST(ProviderReachTest, DataCommonsRaisesOpenFitAtLeastAsMuchAsClosedFit) {
  Params base = test_world::tiny_params();
  base.time.end = {2026, 12};
  Params commons = base;
  models::PolicyEntry e;
  e.lever = models::Lever::kDataCommons;
  e.intensity = 1e9;
  e.start = {2023, 1};
  e.targets.iso3 = {"DDD", "CCC"};
  commons.policies.push_back(e);
  World a = test_world::tiny_world(base), b = test_world::tiny_world(commons);
  run_ticks(base, a, 48);
  run_ticks(commons, b, 48);
  for (const int c : {kLic, kLmc}) {
    EXPECT_GT(b.countries.language_ceiling[c], a.countries.language_ceiling[c]);
    const double closed_gain = b.countries.language_fit[c] - a.countries.language_fit[c];
    const double open_gain = b.countries.language_fit_open[c] - a.countries.language_fit_open[c];
    EXPECT_GT(open_gain, 0.0);
    EXPECT_GE(open_gain, closed_gain - 1e-12) << c;
    // The provider choice at entry (the logit share of closed_foreign) does not rise.
    const auto cum_a = a.firm_rates.provider_cum[static_cast<std::size_t>(c) * 3];
    const auto cum_b = b.firm_rates.provider_cum[static_cast<std::size_t>(c) * 3];
    EXPECT_LE(cum_b, cum_a + 1e-12) << c;
  }
}

// M5: each bloc's lag relaxes toward L0_b (E_b / E_b0)^-eta; a bloc whose share of compute
// additions falls gets a longer lag; the world lag is the smallest.
TEST(ProviderReachTest, OpenLagsFollowEachBlocsRelativeEffort) {
  Params p = test_world::tiny_params();
  World w = test_world::tiny_world(p);
  auto& g = w.globals;
  EXPECT_DOUBLE_EQ(g.open_lag_by_bloc[0], p.technology.open_lag0_us_months);
  EXPECT_DOUBLE_EQ(g.open_lag_by_bloc[1],
                   p.technology.open_lag0_us_months + p.technology.open_lag0_extra_months);
  g.open_effort = g.open_effort0;
  g.open_effort[1] = g.open_effort0[1] / 4;  // china's effort cut to a quarter
  g.bloc_investment = {1e12, 0, 0};
  const models::TickContext ctx = models::make_tick_context(p, 0);
  for (int i = 0; i < 120; ++i) models::technology_phase(p, w, ctx);
  const double target = open_lag0(p.technology, 1) * std::pow(0.25, -p.technology.open_lag_eta);
  EXPECT_NEAR(g.open_lag_by_bloc[1], target, 1e-3 * target);
  EXPECT_NEAR(g.open_lag_by_bloc[0], p.technology.open_lag0_us_months, 1e-9);
  EXPECT_DOUBLE_EQ(g.open_lag_months, g.open_lag_by_bloc[0]);
}

// M12: the closed price is 0.4^t (L_world / 4)^mu: a shorter lag cuts it.
TEST(ProviderReachTest, ClosedMarkupFallsAsOpenWeightsCloseIn) {
  const Params p = test_world::tiny_params();
  EXPECT_DOUBLE_EQ(models::closed_markup(p.technology, 4.0), 1.0);
  EXPECT_NEAR(models::closed_markup(p.technology, 1.0),
              std::pow(0.25, p.technology.price_markup_mu), 1e-15);
  EXPECT_GT(models::closed_markup(p.technology, 0.0), 0.0);
}

// M6: k_need scales with the world depth of use.
TEST(ProviderReachTest, ComputeNeedScalesWithWorldDepth) {
  const Params p = test_world::tiny_params();
  models::Globals g;
  g.depth_world0 = 2;
  g.depth_world = 2;
  const double base = models::k_need_at(p, g, 3.0);
  g.depth_world = 4;
  EXPECT_NEAR(models::k_need_at(p, g, 3.0), 2 * base, 1e-15 * base);
}

// M11: in 2023-2025 countries with data get their share and the others the remainder by the
// rule, at most their rule share among all countries (then all shares are rescaled to 1).
TEST(ProviderReachTest, InvestmentDataSharesThrough2025ThenTheRule) {
  const Params p = test_world::tiny_params();
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  for (int c = 0; c < k.n; ++c) k.investment_share_data[static_cast<std::size_t>(c) * 3 + 2] = NAN;
  double rule_total = 0;
  for (int c = 0; c < k.n; ++c) rule_total += models::rule_weight(p, w, c);
  const double others = 1.0 - models::rule_weight(p, w, kHic) / rule_total;
  // The remainder binds: the data share is kept exactly.
  k.investment_share_data[kHic * 3 + 2] = 1.0 - others / 2;
  models::allocate_investment(p, w, 1e11, 2025);
  EXPECT_NEAR(k.investment_share[kHic], 1.0 - others / 2, 1e-12);
  EXPECT_NEAR(k.investment_share[kUmc],
              models::rule_weight(p, w, kUmc) / rule_total / others * (others / 2), 1e-12);
  // The remainder does not bind: the others get their rule shares, then all are rescaled.
  k.investment_share_data[kHic * 3 + 2] = 0.1;
  models::allocate_investment(p, w, 1e11, 2025);
  EXPECT_NEAR(k.investment_share[kHic], 0.1 / (0.1 + others), 1e-12);
  models::allocate_investment(p, w, 1e11, 2026);
  EXPECT_NEAR(k.investment_share[kUmc], models::rule_weight(p, w, kUmc) / rule_total, 1e-12);
}

// M9: open-weight users' cloud spend hosted outside the country is rent.
TEST(ProviderReachTest, ForeignCloudSpendIsRent) {
  Params p = test_world::tiny_params();
  World w = test_world::tiny_world(p);
  run_ticks(p, w, 24);
  const auto& k = w.countries;
  for (int c = 0; c < k.n; ++c) {
    EXPECT_DOUBLE_EQ(k.cloud_rent_usd[c], k.cloud_spend_usd[c]) << c;  // no USA or CHN here
    EXPECT_GE(k.rent_outflow_usd[c], k.cloud_rent_usd[c]);
  }
}

// M6 and M10: on the real data (every country, a small population), compute access in
// low-income countries stays below 1 in 2040 (labour-force-weighted mean): the constraint can
// bind, so hubs and export controls can move it.
TEST(ProviderReachTest, LowIncomeComputeAccessStaysBelowOneIn2040) {
  Params p;
  p.population.workers = 20000;
  p.population.firms = 5000;
  const models::CountryData data =
      models::load_country_data(std::string(AIDIVIDE_SOURCE_DIR) + "/data");
  World w = models::make_world(p, data, test_world::test_seed());
  run_ticks(p, w, p.tick_count());
  const auto& k = w.countries;
  double access = 0, lf = 0;
  for (int c = 0; c < k.n; ++c) {
    if (k.income[c] != models::IncomeGroup::kLow) continue;
    access += k.compute_access[c] * k.labour_force[c];
    lf += k.labour_force[c];
  }
  ASSERT_GT(lf, 0.0);
  EXPECT_LT(access / lf, 1.0);
  EXPECT_GT(access / lf, 0.0);
}

}  // namespace
