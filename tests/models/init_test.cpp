// Tests of initialisation: agent counts, weights and the 2023-01 state (MODEL.md section 5).
#include "models/init.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numeric>
#include <utility>

#include "models/country_data.hpp"
#include "models/phases.hpp"
#include "world_builder.hpp"

namespace {

using models::kLarge;
using models::kMedium;
using models::kMicro;
using models::kNone;
using models::kProduction;
using models::kSizes;
using models::kSmall;
using models::Params;
using models::World;
using test_world::firm_begin;
using test_world::firm_end;
using test_world::kHic;
using test_world::kLic;
using test_world::kLmc;
using test_world::kUmc;
using test_world::worker_begin;
using test_world::worker_end;

constexpr double kSigmas = 4.0;  // statistical tolerance, in standard errors

// One shared large tiny world: 200,000 workers and 60,000 firms.
const Params& big_params() {
  static const Params p = test_world::tiny_params(200000, 60000);
  return p;
}
const World& big_world() {
  static const World w = test_world::tiny_world(big_params());
  return w;
}

const models::CountryData& real_data() {
  static const models::CountryData d = models::load_country_data(AIDIVIDE_SOURCE_DIR "/data");
  return d;
}

double w_users0() { return big_params().workers.users0; }

// Users per online worker and unit language fit that gives 2.5% of the world labour force.
double user_scale(const World& w) {
  const auto& k = w.countries;
  double lf = 0, reach = 0;
  for (int c = 0; c < k.n; ++c) {
    lf += k.labour_force[c];
    reach += k.labour_force[c] * k.internet_share[c] * k.language_fit[c];
  }
  return w_users0() * lf / reach;
}

// Labour-force-weighted AI user share of the agents, and its standard error.
std::pair<double, double> weighted_user_share(const World& w) {
  const auto& k = w.countries;
  const double scale = user_scale(w);
  double lf = 0, users = 0, variance = 0;
  for (int c = 0; c < k.n; ++c) {
    const double n = worker_end(w, c) - worker_begin(w, c);
    const double pc = k.internet_share[c] * std::min(1.0, scale * k.language_fit[c]);
    double u = 0;
    for (std::uint32_t i = worker_begin(w, c); i < worker_end(w, c); ++i) u += w.workers.uses_ai[i];
    lf += k.labour_force[c];
    users += u * k.worker_weight[c];
    variance += k.worker_weight[c] * k.worker_weight[c] * n * pc * (1 - pc);
  }
  return {users / lf, std::sqrt(variance) / lf};
}

// Share of firm agents of (c, s) that are adopters (pilot or production).
double adoption(const World& w, int c, int s, double* n_out = nullptr) {
  double n = 0, adopters = 0;
  for (std::uint32_t j = firm_begin(w, c, s); j < firm_end(w, c, s); ++j) {
    ++n;
    adopters += w.firms.stage[j] != kNone;
  }
  if (n_out) *n_out = n;
  return adopters / n;
}

TEST(InitTest, RealDataAgentCountsRespectTheFloorsAndSumUp) {
  Params p = test_world::tiny_params(30000, 8000);
  const models::AgentCounts counts = models::count_agents(p, real_data());
  ASSERT_EQ(counts.workers.size(), real_data().countries.size());
  ASSERT_EQ(counts.firms.size(), real_data().countries.size() * kSizes);
  std::uint64_t workers = 0, firms = 0;
  int at_floor = 0;
  for (std::size_t c = 0; c < counts.workers.size(); ++c) {
    EXPECT_GE(counts.workers[c], 200u) << real_data().countries[c].iso3;
    at_floor += counts.workers[c] == 200u;
    workers += counts.workers[c];
    std::uint32_t country_firms = 0;
    for (int s = 0; s < kSizes; ++s) {
      EXPECT_GE(counts.firms[c * kSizes + s], 1u);
      country_firms += counts.firms[c * kSizes + s];
    }
    EXPECT_GE(country_firms, 40u) << real_data().countries[c].iso3;
    firms += country_firms;
  }
  EXPECT_GT(at_floor, 50);  // with 30,000 workers most small economies sit on the floor
  EXPECT_EQ(workers, counts.total_workers);
  EXPECT_EQ(firms, counts.total_firms);
  EXPECT_GE(counts.total_workers, 30000u);
}

TEST(InitTest, RealDataWeightsTimesAgentsEqualLabourForceAndFirms) {
  const Params p = test_world::tiny_params(30000, 8000);
  const World w = models::make_world(p, real_data(), test_world::test_seed());
  const auto& k = w.countries;
  ASSERT_EQ(k.n, static_cast<int>(real_data().countries.size()));
  double lf = 0, weighted = 0;
  for (int c = 0; c < k.n; ++c) {
    const double agents = worker_end(w, c) - worker_begin(w, c);
    EXPECT_NEAR(k.worker_weight[c] * agents / k.labour_force[c], 1.0, 1e-12);
    lf += k.labour_force[c];
    for (int s = 0; s < kSizes; ++s) {
      const std::size_t cs = static_cast<std::size_t>(c) * kSizes + s;
      const double n = firm_end(w, c, s) - firm_begin(w, c, s);
      EXPECT_NEAR(k.firm_weight[cs] * n / k.real_firms[cs], 1.0, 1e-12);
      EXPECT_NEAR(k.firm_count[cs] / k.real_firms[cs], 1.0, 1e-12);
    }
    double users = 0;
    for (std::uint32_t i = worker_begin(w, c); i < worker_end(w, c); ++i)
      users += w.workers.uses_ai[i];
    weighted += users * k.worker_weight[c];
  }
  EXPECT_NEAR(w.globals.world_ai_user_share, weighted / lf, 1e-12);
  // 2.5% of the world labour force uses AI (170 economies, most at the agent floor).
  const auto [share, se] = weighted_user_share(w);
  EXPECT_NEAR(share, 0.025, kSigmas * se);
  EXPECT_LT(se, 0.002);
}

TEST(InitTest, AgentFloorsApplyPerCountry) {
  Params p = test_world::tiny_params(30000, 1000);
  p.population.min_workers_per_country = 5000;
  p.population.min_firms_per_country = 400;
  const auto counts = models::count_agents(p, test_world::tiny_data());
  // DDD holds 8 of 64 million workers: 3,750 agents by share, raised to the floor; AAA holds
  // 15 of 64 million: 7,031.25 rounds to 7,031.
  EXPECT_EQ(counts.workers[kLic], 5000u);
  EXPECT_EQ(counts.workers[kHic], 7031u);
  std::uint32_t lic_firms = 0;
  for (int s = 0; s < kSizes; ++s) lic_firms += counts.firms[kLic * kSizes + s];
  EXPECT_EQ(lic_firms, 400u);
  // Stratified: 40/30/15/15% of a country's firm agents by size class.
  EXPECT_EQ(counts.firms[kLic * kSizes + kMicro], 160u);
  EXPECT_EQ(counts.firms[kLic * kSizes + kLarge], 60u);
}

TEST(InitTest, UsesAiIsTwoAndAHalfPercentOfWorldLabourForce) {
  const World& w = big_world();
  const auto& k = w.countries;
  const double scale = user_scale(w);
  for (int c = 0; c < k.n; ++c) {
    const double n = worker_end(w, c) - worker_begin(w, c);
    double u = 0;
    for (std::uint32_t i = worker_begin(w, c); i < worker_end(w, c); ++i) {
      u += w.workers.uses_ai[i];
      ASSERT_TRUE(!w.workers.uses_ai[i] || w.workers.online[i]);  // users are online
    }
    // Spread by internet x language fit, no readiness term.
    const double pc = k.internet_share[c] * std::min(1.0, scale * k.language_fit[c]);
    EXPECT_NEAR(u / n, pc, kSigmas * std::sqrt(pc * (1 - pc) / n)) << c;
  }
  EXPECT_EQ(w_users0(), 0.025);  // [V]: 2.5% of the world labour force
  const auto [share, se] = weighted_user_share(w);
  EXPECT_NEAR(share, 0.025, kSigmas * se);
  EXPECT_LT(se, 0.001);
}

TEST(InitTest, OnlineFollowsInternetShare) {
  const World& w = big_world();
  for (int c = 0; c < w.countries.n; ++c) {
    const double pc = w.countries.internet_share[c];
    const double n = worker_end(w, c) - worker_begin(w, c);
    double online = 0;
    for (std::uint32_t i = worker_begin(w, c); i < worker_end(w, c); ++i)
      online += w.workers.online[i];
    EXPECT_NEAR(online / n, pc, kSigmas * std::sqrt(pc * (1 - pc) / n)) << c;
  }
}

// Initial adoption of HIC firms by size class, from the parameters.
std::array<double, kSizes> adopt0() {
  const auto& f = big_params().firms;
  return {f.adopt0_micro, f.adopt0_small, f.adopt0_medium, f.adopt0_large};
}

TEST(InitTest, HicFirmAdoptionMatchesOecdBySize) {
  const World& w = big_world();
  // OECD 2023 [V]: large 0.30, medium 0.14, small 0.07.
  EXPECT_EQ(big_params().firms.adopt0_large, 0.30);
  EXPECT_EQ(big_params().firms.adopt0_medium, 0.14);
  EXPECT_EQ(big_params().firms.adopt0_small, 0.07);
  const auto target = adopt0();
  for (int s = 0; s < kSizes; ++s) {
    double n = 0;
    const double a = adoption(w, kHic, s, &n);
    ASSERT_GT(n, 1000);
    // Systematic sampling: the adopters are n x target rounded down or up.
    EXPECT_LE(std::abs(a * n - target[s] * n), 1.0) << s;
    EXPECT_DOUBLE_EQ(w.countries.entry_propensity[kHic * kSizes + s], 1.0) << s;
  }
  EXPECT_DOUBLE_EQ(w.countries.firm_adoption_share[kHic * kSizes + kLarge],
                   adoption(w, kHic, kLarge));
}

// M3: (R / R_HIC)^rho0, rho0 = 2 by default, outside the Eurostat data.
TEST(InitTest, NonHicAdoptionScalesWithSquaredReadinessRatio) {
  const World& w = big_world();
  // R_HIC is the (labour-force-weighted) readiness of the only HIC, AAA: mean of di, hc, ie 0.75.
  EXPECT_NEAR(w.globals.r_hic, 0.75, 1e-12);
  ASSERT_EQ(big_params().firms.rho0, 2.0);
  const auto target = adopt0();
  for (const int c : {kUmc, kLmc, kLic}) {
    const double ratio = w.countries.readiness[c] / 0.75;
    for (const int s : {kMedium, kLarge}) {
      double n = 0;
      const double a = adoption(w, c, s, &n);
      const double pc = target[s] * ratio * ratio;
      EXPECT_LE(std::abs(a * n - pc * n), 1.0) << c << " " << s;
      // Departure 12: the cell's propensity is its 2023 adoption over the HIC value.
      EXPECT_NEAR(w.countries.entry_propensity[c * kSizes + s], ratio * ratio, 1e-12);
    }
  }
}

TEST(InitTest, FivePercentOfAdoptersAreInProductionAndNothingElseStarted) {
  const World& w = big_world();
  double adopters = 0, production = 0;
  for (std::size_t j = 0; j < w.firms.size(); ++j) {
    adopters += w.firms.stage[j] != kNone;
    production += w.firms.stage[j] == kProduction;
    ASSERT_EQ(w.firms.intangible[j], 0.0f);  // every firm starts with Z = 0
    ASSERT_EQ(w.firms.firm_gain[j], 0.0f);
  }
  ASSERT_GT(adopters, 2000);
  const double ps = big_params().firms.production_share0;
  EXPECT_NEAR(production / adopters, ps, kSigmas * std::sqrt(ps * (1 - ps) / adopters));
  const auto& k = w.countries;
  for (std::size_t cs = 0; cs < k.pilot_entries.size(); ++cs) {
    EXPECT_EQ(k.pilot_entries[cs], 0.0);  // flows count from the first tick on
    EXPECT_EQ(k.pilot_promotions[cs], 0.0);
    EXPECT_EQ(k.pilot_abandonments[cs], 0.0);
  }
}

TEST(InitTest, WorkersStartEmployedWithSectionFiveShares) {
  const World& w = big_world();
  const auto& k = w.countries;
  for (std::size_t i = 0; i < w.workers.size(); ++i) {
    ASSERT_EQ(w.workers.status[i], models::kEmployed);
    ASSERT_EQ(w.workers.months_in_status[i], 0);
  }
  for (int c = 0; c < k.n; ++c) {
    const models::IncomeAssumptions a = test_world::income_assumptions(k.income[c]);
    const double n = worker_end(w, c) - worker_begin(w, c);
    double female = 0, youth = 0, high = 0, complementary = 0, skilled = 0;
    for (std::uint32_t i = worker_begin(w, c); i < worker_end(w, c); ++i) {
      female += w.workers.sex[i] == models::kFemale;
      youth += w.workers.youth[i];
      high += w.workers.skill[i] == models::kHighSkill;
      complementary += w.workers.occupation[i] == models::kExposedComplementary;
      skilled += w.workers.ai_skill[i];
    }
    const auto check = [&](double count, double p, const char* what) {
      EXPECT_NEAR(count / n, p, kSigmas * std::sqrt(p * (1 - p) / n)) << c << " " << what;
    };
    check(female, a.female_share, "female");
    check(youth, a.youth_share, "youth");
    check(high, a.skill[2], "high skill");
    check(complementary, a.exposed_complementary, "complementary");
    const auto& q = big_params().workers;
    check(skilled, k.hic[c] ? q.ai_skill0_hic : q.ai_skill0_other, "ai_skill");
  }
}

TEST(InitTest, CapitalSharesRescaleUsaAndChinaAndStartOthersAtK0) {
  using models::Bloc;
  using models::IncomeGroup;
  const models::CountryData data = test_world::make_data({
      test_world::record("USA", IncomeGroup::kHigh, Bloc::kUs, "North America", 300e6, 70000, 0.9,
                         {0.8, 0.8, 0.8, 0.7}, 1000, 100e9, 1.0),
      test_world::record("CHN", IncomeGroup::kUpperMiddle, Bloc::kChina, "East Asia & Pacific",
                         1400e6, 12000, 0.75, {0.6, 0.6, 0.6, 0.5}, 500, 80e9, 0.85),
      test_world::record("EEE", IncomeGroup::kHigh, Bloc::kNonAligned, "Europe & Central Asia",
                         60e6, 45000, 0.9, {0.7, 0.7, 0.7, 0.7}, 50, 3e9, 0.9),
      test_world::record("FFF", IncomeGroup::kLowerMiddle, Bloc::kNonAligned, "South Asia", 100e6,
                         2500, 0.4, {0.3, 0.3, 0.3, 0.3}, 0, 1e9, 0.7),
      test_world::record("GGG", IncomeGroup::kLow, Bloc::kNonAligned, "Sub-Saharan Africa", 30e6,
                         700, 0.2, {0.2, 0.2, 0.2, 0.2}, 0, 0, 0.5, true),
  });
  const Params p = test_world::tiny_params();
  const World w = models::make_world(p, data, test_world::test_seed());
  const auto& k = w.countries;
  const int usa = data.index_of("USA"), chn = data.index_of("CHN");
  const int eee = data.index_of("EEE"), fff = data.index_of("FFF"), ggg = data.index_of("GGG");
  EXPECT_NEAR(k.ai_capital_usd[usa], 0.694 * 366.4e9, 1e-3);
  EXPECT_NEAR(k.ai_capital_usd[chn], 0.091 * 366.4e9, 1e-3);
  // The others keep their relative CSET shares (3 : 1) of the remaining 21.5%.
  EXPECT_NEAR(k.ai_capital_usd[eee], 0.215 * 0.75 * 366.4e9, 1e-2);
  EXPECT_NEAR(k.ai_capital_usd[fff], 0.215 * 0.25 * 366.4e9, 1e-2);
  // No CSET rows: starts at k0, the smallest positive capital.
  EXPECT_DOUBLE_EQ(w.globals.k0, k.ai_capital_usd[fff]);
  EXPECT_DOUBLE_EQ(k.ai_capital_usd[ggg], w.globals.k0);
  // Tiers: bloc china is tier 3 in the history, everyone else tier 1.
  EXPECT_EQ(k.control_tier[chn], 3);
  EXPECT_EQ(k.control_tier[usa], 1);
  EXPECT_EQ(k.control_tier[ggg], 1);
  // Compute: the records' 16-bit sums, floored at compute_floor.
  EXPECT_EQ(k.compute_pflops[usa], 1000.0);
  EXPECT_EQ(k.compute_pflops[ggg], p.capital.compute_floor);
  // R_HIC: labour-force-weighted three-pillar readiness of USA (0.8) and EEE (0.7).
  const double lf_usa = k.labour_force[usa], lf_eee = k.labour_force[data.index_of("EEE")];
  EXPECT_NEAR(w.globals.r_hic, (0.8 * lf_usa + 0.7 * lf_eee) / (lf_usa + lf_eee), 1e-12);
}

TEST(InitTest, NoExportControlsMeansTierOneEverywhere) {
  Params p = test_world::tiny_params();
  p.history.china_export_controls = false;
  const World w = test_world::tiny_world(p);
  for (int c = 0; c < w.countries.n; ++c) EXPECT_EQ(w.countries.control_tier[c], 1);
  const World controlled = test_world::tiny_world(test_world::tiny_params());
  EXPECT_EQ(controlled.countries.control_tier[kUmc], 3);
}

TEST(InitTest, DataWorkDemandStartsAtAllDataWorkLabour) {
  const World& w = big_world();
  const auto& k = w.countries;
  double labour = 0;
  for (int c = 0; c < k.n; ++c) labour += k.data_work_labour[c];
  EXPECT_NEAR(labour, 20e6 * 0.003 + 21e6 * 0.005 + 8e6 * 0.005, 1e-6);
  EXPECT_NEAR(w.globals.data_work_demand, labour, 1e-6);
  // d0 gives that demand back at the 2023 cost and synthetic share.
  EXPECT_NEAR(w.globals.d0 * (1 - 0.1), labour, 1e-6);
}

TEST(InitTest, SameSeedSameWorldOtherSeedOtherWorld) {
  const Params p = test_world::tiny_params(20000, 5000);
  const World a = test_world::tiny_world(p, sim::member_seed(7, 0));
  const World b = test_world::tiny_world(p, sim::member_seed(7, 0));
  const World c = test_world::tiny_world(p, sim::member_seed(7, 1));
  EXPECT_EQ(a.workers.uses_ai, b.workers.uses_ai);
  EXPECT_EQ(a.workers.skill, b.workers.skill);
  EXPECT_EQ(a.firms.stage, b.firms.stage);
  EXPECT_EQ(a.firms.provider, b.firms.provider);
  EXPECT_NE(a.workers.skill, c.workers.skill);
  EXPECT_NE(a.firms.stage, c.firms.stage);
}

// MODEL.md 7: "Open capability is the frontier capability L months earlier (before 2023-01,
// extrapolated back ...)". At 2023-01 the world lag is bloc us's 4 months (M5), so that is
// 25.3 - 4 / 12 * (log10 4.6 + log10 2.8); the initial open coverage (which sets the providers of
// the initial adopters) uses it.
TEST(InitTest, InitialOpenCapabilityLagsTheFrontier) {
  const Params p = test_world::tiny_params();
  const World w = test_world::tiny_world(p);
  ASSERT_EQ(p.technology.open_lag0_us_months, 4.0);
  const double expected = 25.3 - 4.0 / 12.0 * (std::log10(4.6) + std::log10(2.8));
  EXPECT_NEAR(w.globals.open_capability_log10, expected, 1e-9);
  EXPECT_NEAR(w.globals.coverage_open, models::coverage_at(p.technology, expected), 1e-12);
  EXPECT_LT(w.globals.coverage_open, w.globals.coverage);
}

// MODEL.md 7: closed_domestic is offered "only where a domestic lab exists (annual investment
// times frontier_budget_share at least a tenth of the frontier cost)". At 2023-01 AAA invests most
// of 92.8e9 a year, far above the 69.8e6 condition, so its initial adopters can pick it.
TEST(InitTest, InitialProvidersOfferDomesticLabsWhereTheyExist) {
  const World& w = big_world();
  const auto& k = w.countries;
  ASSERT_GE(k.ai_investment_usd[kHic] * big_params().technology.frontier_budget_share,
            0.1 * w.globals.frontier_cost_usd);
  EXPECT_EQ(k.domestic_lab[kHic], 1);
  double domestic = 0;
  for (int s = 0; s < kSizes; ++s) {
    for (std::uint32_t j = firm_begin(w, kHic, s); j < firm_end(w, kHic, s); ++j) {
      domestic += w.firms.stage[j] != kNone && w.firms.provider[j] == models::kClosedDomestic;
    }
  }
  EXPECT_GT(domestic, 0);
}

}  // namespace
