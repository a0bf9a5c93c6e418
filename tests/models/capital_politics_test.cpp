// Rule tests of phase 3, capital and politics (investment, compute tiers, voice, compliance).
#include "models/capital_politics.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "models/phases.hpp"
#include "world_builder.hpp"

namespace {

using models::Params;
using models::World;
using test_world::kHic;
using test_world::kLic;
using test_world::kLmc;
using test_world::kUmc;

void run_phase(const Params& p, World& w, int tick = 0) {
  models::capital_politics_phase(p, w, models::make_tick_context(p, tick));
}

double raw_weight(const Params& p, const World& w, int c) {
  const double open = w.countries.control_tier[c] >= 3 ? p.capital.tier3_openness : 1.0;
  return std::pow(w.countries.ai_capital_usd[c] + w.globals.k0, p.capital.alpha) *
         std::exp(p.capital.beta * w.countries.readiness[c]) * open;
}

TEST(CapitalPoliticsTest, InvestmentPoolFollowsTheAiIndexThenGrows) {
  const models::CapitalParams c;
  EXPECT_EQ(models::investment_pool(c, {2023, 1}), 92.8e9);
  EXPECT_EQ(models::investment_pool(c, {2023, 12}), 92.8e9);
  EXPECT_EQ(models::investment_pool(c, {2024, 1}), 130.3e9);
  EXPECT_EQ(models::investment_pool(c, {2024, 12}), 130.3e9);
  // M11: 2025 from the data (290e9 in 2021 USD), growth from 2026-01.
  EXPECT_EQ(models::investment_pool(c, {2025, 1}), 290e9);
  EXPECT_EQ(models::investment_pool(c, {2025, 12}), 290e9);
  EXPECT_DOUBLE_EQ(models::investment_pool(c, {2026, 1}), 290e9);
  EXPECT_NEAR(models::investment_pool(c, {2028, 1}) / (290e9 * std::exp(0.30)), 1.0, 1e-12);
  EXPECT_NEAR(models::investment_pool(c, {2026, 7}) / (290e9 * std::exp(0.075)), 1.0, 1e-12);
  models::CapitalParams flat;
  flat.investment_growth = 0;
  EXPECT_DOUBLE_EQ(models::investment_pool(flat, {2040, 12}), 290e9);
}

TEST(CapitalPoliticsTest, SharesSumToOneAndFollowCapitalReadinessAndOpenness) {
  const Params p = test_world::tiny_params();
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  k.ai_capital_usd = {40e9, 5e9, 2e8, 0.0};
  k.readiness = {0.7, 0.5, 0.35, 0.2};
  ASSERT_EQ(k.control_tier[kUmc], 3);
  models::allocate_investment(p, w, 1e11);
  EXPECT_NEAR(std::accumulate(k.investment_share.begin(), k.investment_share.end(), 0.0), 1.0,
              1e-14);
  for (int a = 0; a < k.n; ++a) {
    EXPECT_GT(k.investment_share[a], 0.0);
    EXPECT_NEAR(k.ai_investment_usd[a], 1e11 * k.investment_share[a], 1e-3);
    for (int b = 0; b < k.n; ++b) {
      EXPECT_NEAR(k.investment_share[a] / k.investment_share[b],
                  raw_weight(p, w, a) / raw_weight(p, w, b),
                  1e-12 * raw_weight(p, w, a) / raw_weight(p, w, b));
    }
  }
  // Blocs: us = AAA, china = BBB, non-aligned = CCC + DDD.
  const auto& bloc = w.globals.bloc_investment;
  EXPECT_DOUBLE_EQ(bloc[0], k.ai_investment_usd[kHic]);
  EXPECT_DOUBLE_EQ(bloc[1], k.ai_investment_usd[kUmc]);
  EXPECT_DOUBLE_EQ(bloc[2], k.ai_investment_usd[kLmc] + k.ai_investment_usd[kLic]);
}

TEST(CapitalPoliticsTest, NoAttachmentAndNoReadinessGiveEqualSharesOutsideTier3) {
  Params p = test_world::tiny_params();
  p.capital.alpha = 0;
  p.capital.beta = 0;
  p.capital.tier3_openness = 0.3;
  World w = test_world::tiny_world(p);
  models::allocate_investment(p, w, 1e9);
  const auto& s = w.countries.investment_share;
  // Weights 1, 0.3, 1, 1: shares 1/3.3 and 0.3/3.3.
  EXPECT_NEAR(s[kHic], 1.0 / 3.3, 1e-14);
  EXPECT_NEAR(s[kUmc], 0.3 / 3.3, 1e-14);
  EXPECT_NEAR(s[kLmc], 1.0 / 3.3, 1e-14);
  EXPECT_NEAR(s[kLic], 1.0 / 3.3, 1e-14);
}

TEST(CapitalPoliticsTest, Tier3OpennessScalesTheShareOfAnOtherwiseEqualCountry) {
  Params p = test_world::tiny_params();
  p.capital.tier3_openness = 0.3;
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  k.ai_capital_usd[kLmc] = k.ai_capital_usd[kUmc] = 3e9;
  k.readiness[kLmc] = k.readiness[kUmc] = 0.45;
  models::allocate_investment(p, w, 1e11);
  EXPECT_NEAR(k.investment_share[kUmc] / k.investment_share[kLmc], 0.3, 1e-12);
  k.control_tier[kUmc] = 1;
  models::allocate_investment(p, w, 1e11);
  EXPECT_NEAR(k.investment_share[kUmc] / k.investment_share[kLmc], 1.0, 1e-12);
}

TEST(CapitalPoliticsTest, AiCapitalAccumulatesAndDepreciates) {
  Params p = test_world::tiny_params();
  p.capital.capital_depreciation = 0;
  World w = test_world::tiny_world(p);
  const auto before = w.countries.ai_capital_usd;
  run_phase(p, w);
  for (int c = 0; c < w.countries.n; ++c) {
    EXPECT_NEAR(w.countries.ai_capital_usd[c], before[c] + w.countries.ai_investment_usd[c] / 12.0,
                1e-6 * before[c])
        << c;
  }
  // No investment at all: the stock decays by exp(-0.15 dt).
  Params dry = test_world::tiny_params();
  dry.capital.pool_2023_usd = 0;
  dry.capital.capital_depreciation = 0.15;
  World d = test_world::tiny_world(dry);
  const auto start = d.countries.ai_capital_usd;
  for (int tick = 0; tick < 12; ++tick) run_phase(dry, d, tick);
  for (int c = 0; c < d.countries.n; ++c) {
    EXPECT_NEAR(d.countries.ai_capital_usd[c], start[c] * std::exp(-0.15), 1e-9 * start[c]) << c;
    EXPECT_EQ(d.countries.ai_investment_usd[c], 0.0);
  }
}

// Compute after one tick from zero with no retirement: (additions after the tier) * dt.
World compute_world(Params& p) {
  p.capital.compute_depreciation = 0;
  World w = test_world::tiny_world(p);
  std::fill(w.countries.compute_pflops.begin(), w.countries.compute_pflops.end(), 0.0);
  return w;
}

double uncapped_additions(const Params& p, const World& w, int c) {
  const double share = w.countries.bloc[c] == models::Bloc::kChina
                           ? p.capital.compute_capex_share_china
                           : p.capital.compute_capex_share;
  return share * w.countries.ai_investment_usd[c] * w.globals.compute_per_usd;
}

// In 2026 (the rule's years): in 2023 DDD, without CSET rows, gets no investment (M11).
TEST(CapitalPoliticsTest, Tier1ComputeGrowsByCapexAtPricePerformance) {
  Params p = test_world::tiny_params();
  World w = compute_world(p);
  run_phase(p, w, 36);
  for (const int c : {kHic, kLmc, kLic}) {
    EXPECT_NEAR(w.countries.compute_pflops[c], uncapped_additions(p, w, c) / 12.0,
                1e-12 * w.countries.compute_pflops[c])
        << c;
    EXPECT_GT(w.countries.compute_pflops[c], 0.0);
  }
}

TEST(CapitalPoliticsTest, Tier2CapsComputeAdditions) {
  Params p = test_world::tiny_params();
  World probe = compute_world(p);
  run_phase(p, probe);
  const double free_additions = uncapped_additions(p, probe, kLmc);
  ASSERT_GT(free_additions, 0.0);

  // A cap at a tenth of the additions binds; a cap ten times larger does not.
  for (const double factor : {0.1, 10.0}) {
    Params q = test_world::tiny_params();
    q.capital.tier2_cap_pflops = factor * free_additions;
    World w = compute_world(q);
    w.countries.control_tier[kLmc] = 2;
    run_phase(q, w);
    EXPECT_NEAR(w.countries.compute_pflops[kLmc], std::min(factor, 1.0) * free_additions / 12.0,
                1e-12 * free_additions)
        << factor;
    // Tier 1 countries are untouched by the cap.
    EXPECT_DOUBLE_EQ(w.countries.compute_pflops[kHic], probe.countries.compute_pflops[kHic]);
  }
}

TEST(CapitalPoliticsTest, Tier3MultipliesComputeAdditionsByMinOfOneAndSubstitutesPlusLeakage) {
  struct Case {
    double substitute, leakage, factor;
  };
  for (const Case& cs : {Case{0.5, 0.2, 0.7}, Case{0.0, 0.0, 0.0}, Case{0.9, 0.5, 1.0}}) {
    Params p = test_world::tiny_params();
    p.capital.substitute_efficiency = cs.substitute;
    p.capital.control_leakage = cs.leakage;
    World w = compute_world(p);
    ASSERT_EQ(w.countries.control_tier[kUmc], 3);
    run_phase(p, w);
    EXPECT_NEAR(w.countries.compute_pflops[kUmc], cs.factor * uncapped_additions(p, w, kUmc) / 12.0,
                1e-12 * uncapped_additions(p, w, kUmc))
        << cs.substitute << " + " << cs.leakage;
  }
}

TEST(CapitalPoliticsTest, ComputeRetiresWithoutInvestment) {
  Params p = test_world::tiny_params();
  p.capital.pool_2023_usd = 0;
  p.capital.compute_depreciation = 0.2;
  p.capital.compute_floor = 0.5;
  World w = test_world::tiny_world(p);
  const auto k0 = w.countries.compute_pflops;
  EXPECT_EQ(k0[kLic], p.capital.compute_floor);  // compute_floor at tick 0
  for (int tick = 0; tick < 12; ++tick) run_phase(p, w, tick);
  for (int c = 0; c < w.countries.n; ++c) {
    EXPECT_NEAR(w.countries.compute_pflops[c], k0[c] * std::exp(-0.2), 1e-12 * k0[c]) << c;
  }
}

// M6: own stock plus rented cloud over the labour force's need; no free cloud term.
TEST(CapitalPoliticsTest, ComputeShareAndAccess) {
  Params p = test_world::tiny_params();
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  k.compute_pflops = {600.0, 100.0, 0.0, 300.0};
  k.cloud_pflops = {0.0, 50.0, 20.0, 0.0};
  w.globals.k_need = 2e-5;
  models::update_compute_access(p, w);
  const double k_world = 1000.0;
  for (int c = 0; c < k.n; ++c) {
    EXPECT_NEAR(k.compute_share[c], k.compute_pflops[c] / k_world, 1e-15);
    const double expected =
        std::min(1.0, (k.compute_pflops[c] + k.cloud_pflops[c]) / k.labour_force[c] / 2e-5);
    EXPECT_NEAR(k.compute_access[c], expected, 1e-12) << c;
  }
  // No own compute and no cloud: no access, whatever the world holds.
  k.cloud_pflops[kLmc] = 0;
  models::update_compute_access(p, w);
  EXPECT_EQ(k.compute_access[kLmc], 0.0);
}

// M6: tier 2 lets the cloud rise by what the cap leaves after purchases; tier 3 outside bloc
// china rents no controlled cloud.
TEST(CapitalPoliticsTest, CloudIsPricedAndRestrictedByTiers) {
  Params p = test_world::tiny_params();
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  w.globals.cloud_price_usd = 1e5;
  for (int c = 0; c < k.n; ++c) {
    k.cloud_spend_usd[c] = 1e9;  // 10,000 PFLOP/s at that price
    k.cloud_pflops[c] = 100.0;
    k.compute_additions[c] = 50.0;
    k.tier2_cap_pflops[c] = 250.0;
    k.control_tier[c] = 1;
  }
  k.control_tier[kLmc] = 2;
  k.control_tier[kLic] = 3;
  k.bloc[kLic] = models::Bloc::kUs;
  const double dt = 1.0 / 12.0;
  models::update_cloud(p, w, dt);
  EXPECT_DOUBLE_EQ(k.cloud_pflops[kHic], 1e4);
  EXPECT_DOUBLE_EQ(k.cloud_pflops[kLmc], 100.0 + (250.0 - 50.0) * dt);
  EXPECT_EQ(k.cloud_pflops[kLic], 0.0);
}

TEST(CapitalPoliticsTest, VoiceIsInUnitIntervalWithMaximumOne) {
  const Params p = test_world::tiny_params();
  World w = test_world::tiny_world(p);
  run_phase(p, w);
  const auto& k = w.countries;
  const double vmax = *std::max_element(k.voice.begin(), k.voice.end());
  EXPECT_EQ(vmax, 1.0);
  int best = 0;
  for (int c = 0; c < k.n; ++c) {
    EXPECT_GE(k.voice[c], 0.0);
    EXPECT_LE(k.voice[c], 1.0);
    if (std::sqrt(k.investment_share[c]) * k.readiness[c] >
        std::sqrt(k.investment_share[best]) * k.readiness[best]) {
      best = c;
    }
  }
  EXPECT_EQ(k.voice[best], 1.0);
  // Voice of the others relative to the leader: sqrt(share) * R over the leader's.
  for (int c = 0; c < k.n; ++c) {
    EXPECT_NEAR(k.voice[c],
                std::sqrt(k.investment_share[c]) * k.readiness[c] /
                    (std::sqrt(k.investment_share[best]) * k.readiness[best]),
                1e-12);
  }
  EXPECT_LT(k.voice[kLic], 0.5);
}

TEST(CapitalPoliticsTest, VoiceFloorRaisesVoiceAffinely) {
  const Params p = test_world::tiny_params();
  World base = test_world::tiny_world(p);
  World raised = base;
  run_phase(p, base);
  raised.countries.voice_floor[kLic] = 0.4;
  raised.countries.voice_floor[kLmc] = 1.0;
  run_phase(p, raised);
  EXPECT_NEAR(raised.countries.voice[kLic], 0.4 + 0.6 * base.countries.voice[kLic], 1e-14);
  EXPECT_GE(raised.countries.voice[kLic], 0.4);
  EXPECT_EQ(raised.countries.voice[kLmc], 1.0);
  EXPECT_EQ(raised.countries.voice[kUmc], base.countries.voice[kUmc]);
  // More voice for the low-preference countries pulls the rule stringency toward them.
  EXPECT_LT(raised.globals.rule_stringency, base.globals.rule_stringency);
}

TEST(CapitalPoliticsTest, RuleStringencyIsVoiceWeightedMeanOfPreferences) {
  const Params p = test_world::tiny_params();
  World w = test_world::tiny_world(p);
  w.countries.voice_floor = {0.0, 0.2, 0.5, 0.1};
  run_phase(p, w);
  const auto& k = w.countries;
  double num = 0, den = 0;
  for (int c = 0; c < k.n; ++c) num += k.voice[c] * k.pillar[3][c], den += k.voice[c];
  EXPECT_NEAR(w.globals.rule_stringency, num / den, 1e-14);
  const auto [lo, hi] = std::minmax_element(k.pillar[3].begin(), k.pillar[3].end());
  EXPECT_GT(w.globals.rule_stringency, *lo);
  EXPECT_LT(w.globals.rule_stringency, *hi);
}

TEST(CapitalPoliticsTest, FullVoiceRemovesTheDistanceTermOfComplianceCost) {
  Params p = test_world::tiny_params();
  p.politics.compliance_scale = 0.5;
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  std::fill(k.voice_floor.begin(), k.voice_floor.end(), 1.0);
  run_phase(p, w);
  const double rs = w.globals.rule_stringency;
  for (int c = 0; c < k.n; ++c) {
    ASSERT_EQ(k.voice[c], 1.0);
    EXPECT_NEAR(k.compliance_cost[c], 0.5 * rs * (1.0 - k.pillar[3][c]), 1e-14) << c;
    EXPECT_NEAR(k.compliance_drag[c], 1.0 - std::exp(-k.compliance_cost[c]), 1e-15);
  }
}

TEST(CapitalPoliticsTest, ComplianceCostZeroWhenAllShareFullRulesAndFullVoice) {
  Params p = test_world::tiny_params();
  p.politics.compliance_scale = 0.5;
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  // Every country prefers the same rules (pillar_re = 1) and has full voice.
  std::fill(k.pillar[3].begin(), k.pillar[3].end(), 1.0);
  std::fill(k.voice_floor.begin(), k.voice_floor.end(), 1.0);
  run_phase(p, w);
  EXPECT_DOUBLE_EQ(w.globals.rule_stringency, 1.0);
  for (int c = 0; c < k.n; ++c) {
    EXPECT_EQ(k.compliance_cost[c], 0.0) << c;
    EXPECT_EQ(k.compliance_drag[c], 0.0) << c;
  }
  // Same preference 0.6 everywhere: only the rule level term remains, 0.5 * 0.6 * 0.4.
  std::fill(k.pillar[3].begin(), k.pillar[3].end(), 0.6);
  std::fill(k.voice_floor.begin(), k.voice_floor.end(), 0.0);
  run_phase(p, w);
  EXPECT_NEAR(w.globals.rule_stringency, 0.6, 1e-15);
  for (int c = 0; c < k.n; ++c) EXPECT_NEAR(k.compliance_cost[c], 0.12, 1e-14) << c;
}

TEST(CapitalPoliticsTest, VoicelessCountryPaysTheRuleDistance) {
  Params p = test_world::tiny_params();
  p.politics.compliance_scale = 0.5;
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  k.readiness[kLic] = 0.0;  // no voice at all
  run_phase(p, w);
  ASSERT_EQ(k.voice[kLic], 0.0);
  const double rs = w.globals.rule_stringency;
  const double pref = k.pillar[3][kLic];
  EXPECT_NEAR(k.compliance_cost[kLic], 0.5 * (std::abs(rs - pref) + rs * (1.0 - pref)), 1e-14);
  EXPECT_GT(k.compliance_cost[kLic], k.compliance_cost[kHic]);
}

TEST(CapitalPoliticsTest, DomesticLabNeedsATenthOfTheFrontierRunInItsBudgetShare) {
  const Params p = test_world::tiny_params();
  World w = test_world::tiny_world(p);
  run_phase(p, w);
  const auto& k = w.countries;
  int count = 0;
  for (int c = 0; c < k.n; ++c) {
    const bool expected = k.ai_investment_usd[c] * p.technology.frontier_budget_share >=
                          0.1 * w.globals.frontier_cost_usd;
    EXPECT_EQ(k.domestic_lab[c] != 0, expected) << c;
    count += expected;
  }
  EXPECT_EQ(w.globals.frontier_capable_count, count);
  EXPECT_TRUE(k.domestic_lab[kHic]);
  // A free frontier run: every country with any investment has a lab.
  w.globals.frontier_cost_usd = 0;
  run_phase(p, w);
  EXPECT_EQ(w.globals.frontier_capable_count, k.n);
  // A frontier run no budget can approach: no domestic lab anywhere.
  w.globals.frontier_cost_usd = 1e15;
  run_phase(p, w);
  EXPECT_EQ(w.globals.frontier_capable_count, 0);
}

}  // namespace
