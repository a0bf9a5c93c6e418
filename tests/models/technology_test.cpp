// Rule tests of phase 2, technology (frontier cost and compute, open lag, coverage, prices).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "models/phases.hpp"
#include "world_builder.hpp"

namespace {

using models::Params;
using models::World;

constexpr double kCost2023 = 69.8e6;  // MODEL.md: the anchor of the cost trend
constexpr double kUnlimited = 1e30;   // a bloc budget no trend reaches in the horizon

// Rate of unconstrained effective-compute growth, log10 a year.
double full_rate(const Params& p) {
  return std::log10(p.technology.compute_growth) + std::log10(p.technology.algorithmic_efficiency);
}

// MODEL.md 7 values of the technology knobs, set explicitly so that the rule tests do not move
// when defaults are recalibrated.
Params tech_params() {
  Params p = test_world::tiny_params();
  auto& t = p.technology;
  t.compute0_log10 = 25.3, t.frontier_cost0_usd = 69.8e6;
  t.cost_growth = 2.4, t.compute_growth = 4.6, t.algorithmic_efficiency = 2.8;
  t.frontier_budget_share = 0.1;
  // One open lag of 6 months for every bloc, at its target: the lag stays put (M5's dynamics
  // are tested in provider_reach_test.cpp).
  t.open_lag0_us_months = 6.0, t.open_lag0_extra_months = 0.0;
  t.price_markup_mu = 0;  // the closed price without M12's mark-up (tested in provider_reach)
  t.price_decline_per_year = 0.6, t.compute_per_usd_growth = 1.33;
  t.synthetic_share_2023 = 0.1, t.synthetic_share_2035 = 0.8;
  return p;
}

World world_for(const Params& p) {
  World w = test_world::tiny_world(p);
  w.globals.bloc_investment = {kUnlimited, 0.0, 0.0};
  return w;
}

void step(const Params& p, World& w, int tick) {
  models::technology_phase(p, w, models::make_tick_context(p, tick));
}

TEST(TechnologyTest, InitialFrontierMatchesModelTable) {
  const Params p = test_world::tiny_params();
  const World w = test_world::tiny_world(p);
  EXPECT_DOUBLE_EQ(w.globals.frontier_compute_log10, 25.3);
  EXPECT_DOUBLE_EQ(w.globals.frontier_capability_log10, 25.3);
  EXPECT_DOUBLE_EQ(w.globals.frontier_cost_usd, 69.8e6);
  EXPECT_DOUBLE_EQ(w.globals.open_lag_months, p.technology.open_lag0_us_months);
  EXPECT_DOUBLE_EQ(w.globals.api_price, 1.0);  // the mark-up is 1 at a 4-month lag
}

TEST(TechnologyTest, CostFollowsTrendAndComputeGrowsAtFullRateWhileBudgetAllows) {
  const Params p = tech_params();
  World w = world_for(p);
  for (int tick = 0; tick < 36; ++tick) {
    step(p, w, tick);
    const double t = models::make_tick_context(p, tick).t_end;
    EXPECT_NEAR(w.globals.frontier_cost_usd / (kCost2023 * std::pow(2.4, t)), 1.0, 1e-12) << tick;
    EXPECT_NEAR(w.globals.frontier_compute_log10, 25.3 + std::log10(4.6) * t, 1e-9) << tick;
    EXPECT_NEAR(w.globals.frontier_capability_log10, 25.3 + (std::log10(4.6) + std::log10(2.8)) * t,
                1e-9)
        << tick;
  }
}

TEST(TechnologyTest, TrendIsAnchoredAtTheInitialCostWithoutAStep) {
  Params p = tech_params();
  p.technology.frontier_cost0_usd = 1.0e8;
  World w = world_for(p);
  for (int tick = 0; tick < 12; ++tick) {
    step(p, w, tick);
    const double t = models::make_tick_context(p, tick).t_end;
    EXPECT_NEAR(w.globals.frontier_cost_usd / (1.0e8 * std::pow(2.4, t)), 1.0, 1e-12) << tick;
    EXPECT_NEAR(w.globals.frontier_compute_log10, 25.3 + std::log10(4.6) * t, 1e-9) << tick;
  }
}

TEST(TechnologyTest, PaidTrendPassesOneBillionInSF1Window) {
  const Params p = tech_params();
  World w = world_for(p);
  int year = 0;
  for (int tick = 0; tick < 120 && year == 0; ++tick) {
    step(p, w, tick);
    if (w.globals.frontier_cost_usd > 1e9) year = models::make_tick_context(p, tick).month.year;
  }
  EXPECT_GE(year, 2025);
  EXPECT_LE(year, 2027);
}

TEST(TechnologyTest, CostIsCappedByBudgetShareOfLargestBlocAndComputeThenOnlyGainsAlgorithms) {
  const Params p = tech_params();
  World w = world_for(p);
  // The largest bloc invests 2e9 a year: a run may cost at most 0.1 * 2e9 = 2e8.
  const double cap = 0.1 * 2.0e9;
  const double t_cross = std::log(cap / kCost2023) / std::log(2.4);  // about 1.2 years
  for (int tick = 0; tick < 48; ++tick) {
    w.globals.bloc_investment = {1.0e9, 2.0e9, 0.5e9};
    step(p, w, tick);
    const double t = models::make_tick_context(p, tick).t_end;
    const double expected_cost = std::min(kCost2023 * std::pow(2.4, t), cap);
    EXPECT_NEAR(w.globals.frontier_cost_usd / expected_cost, 1.0, 1e-12) << tick;
    // While the cost never falls, raw compute tracks log10(4.6) * ln(cost / cost0) / ln(2.4).
    EXPECT_NEAR(w.globals.frontier_compute_log10,
                25.3 + std::log10(4.6) * std::log(expected_cost / kCost2023) / std::log(2.4), 1e-9)
        << tick;
    if (t > t_cross) {
      EXPECT_NEAR(w.globals.frontier_compute_log10, 25.3 + std::log10(4.6) * t_cross, 1e-9);
      EXPECT_NEAR(w.globals.frontier_capability_log10,
                  25.3 + std::log10(4.6) * t_cross + std::log10(2.8) * t, 1e-9);
    }
  }
  EXPECT_EQ(w.globals.frontier_cost_usd, cap);
}

TEST(TechnologyTest, ComputeNeverShrinksWhenTheBudgetFalls) {
  const Params p = tech_params();
  World w = world_for(p);
  // Largest bloc budget by tick: generous, then a collapse, then partial recoveries.
  const std::vector<double> budgets = {1e12, 1e12, 1e12, 5e8, 5e8,  1e8, 1e8, 3e9, 3e9,  2e8,
                                       1e12, 1e12, 1e7,  1e7, 1e12, 6e8, 6e8, 6e8, 1e12, 1e12};
  double compute = w.globals.frontier_compute_log10;
  double capability = w.globals.frontier_capability_log10;
  double cost = w.globals.frontier_cost_usd;
  int cost_falls = 0;
  for (int tick = 0; tick < static_cast<int>(budgets.size()); ++tick) {
    w.globals.bloc_investment = {0.0, budgets[tick], 0.0};
    step(p, w, tick);
    const auto& g = w.globals;
    EXPECT_GE(g.frontier_compute_log10, compute) << tick;
    // Capability always gains at least the algorithmic progress of the tick.
    EXPECT_GE(g.frontier_capability_log10 - capability, std::log10(2.8) / 12.0 - 1e-12) << tick;
    if (g.frontier_cost_usd <= cost) {
      ++cost_falls;
      EXPECT_EQ(g.frontier_compute_log10, compute) << tick;
      EXPECT_NEAR(g.frontier_capability_log10 - capability, std::log10(2.8) / 12.0, 1e-12);
    }
    compute = g.frontier_compute_log10;
    capability = g.frontier_capability_log10;
    cost = g.frontier_cost_usd;
  }
  EXPECT_GE(cost_falls, 4);  // the sequence does exercise falling budgets
}

TEST(TechnologyTest, OpenCapabilityIsFrontierCapabilityLagMonthsEarlier) {
  Params p = tech_params();
  World w = world_for(p);
  ASSERT_EQ(w.globals.open_lag_months, 6.0);
  for (int tick = 0; tick < 30; ++tick) {
    // A budget cap from tick 10 on bends the frontier path, so the lag must read the history.
    w.globals.bloc_investment = {tick < 10 ? kUnlimited : 1.5e9, 0.0, 0.0};
    step(p, w, tick);
    const double t = models::make_tick_context(p, tick).t_end;
    const auto& g = w.globals;
    ASSERT_EQ(g.capability_history.size(), static_cast<std::size_t>(tick + 1));
    if (tick >= 6) {
      EXPECT_NEAR(g.open_capability_log10, g.capability_history[tick - 6], 1e-12) << tick;
    } else {
      // Before 2023-01 the frontier is extrapolated back at the unconstrained rate.
      EXPECT_NEAR(g.open_capability_log10, 25.3 + full_rate(p) * (t - 0.5), 1e-9) << tick;
    }
    EXPECT_LT(g.open_capability_log10, g.frontier_capability_log10);
    EXPECT_DOUBLE_EQ(g.coverage_open, models::coverage_at(p.technology, g.open_capability_log10));
  }
}

TEST(TechnologyTest, FractionalLagInterpolatesTheHistory) {
  Params p = tech_params();
  p.technology.open_lag0_us_months = 1.5;
  World w = world_for(p);
  for (int tick = 0; tick < 12; ++tick) {
    w.globals.bloc_investment = {tick < 4 ? kUnlimited : 1.2e9, 0.0, 0.0};
    step(p, w, tick);
  }
  const auto& h = w.globals.capability_history;
  EXPECT_NEAR(w.globals.open_capability_log10, 0.5 * (h[9] + h[10]), 1e-12);
}

TEST(TechnologyTest, ZeroAndNegativeLagGiveTheFrontier) {
  Params p = tech_params();
  for (const double lag : {0.0, -4.0}) {
    p.technology.open_lag0_us_months = lag;
    World w = world_for(p);
    for (int tick = 0; tick < 3; ++tick) step(p, w, tick);
    EXPECT_EQ(w.globals.open_lag_months, 0.0) << lag;
    EXPECT_DOUBLE_EQ(w.globals.open_capability_log10, w.globals.frontier_capability_log10) << lag;
    EXPECT_DOUBLE_EQ(w.globals.coverage_open, w.globals.coverage) << lag;
  }
}

TEST(TechnologyTest, LagWorksWithQuarterlyTicks) {
  Params p = tech_params();
  p.time.months_per_tick = 3;
  World w = world_for(p);
  for (int tick = 0; tick < 8; ++tick) {
    step(p, w, tick);
    const double t = models::make_tick_context(p, tick).t_end;
    EXPECT_NEAR(t, (tick + 1) * 0.25, 1e-15);
    EXPECT_NEAR(w.globals.open_capability_log10, 25.3 + full_rate(p) * (t - 0.5), 1e-9) << tick;
    if (tick >= 2) {
      EXPECT_NEAR(w.globals.open_capability_log10, w.globals.capability_history[tick - 2], 1e-12);
    }
  }
}

TEST(TechnologyTest, CoverageIsOneHalfAtCoverageMid) {
  Params p = tech_params();
  EXPECT_DOUBLE_EQ(models::coverage_at(p.technology, p.technology.coverage_mid), 0.5);
  const double up =
      models::coverage_at(p.technology, p.technology.coverage_mid + p.technology.coverage_scale);
  const double down =
      models::coverage_at(p.technology, p.technology.coverage_mid - p.technology.coverage_scale);
  EXPECT_NEAR(up, 1.0 / (1.0 + std::exp(-1.0)), 1e-15);
  EXPECT_NEAR(up + down, 1.0, 1e-15);
  EXPECT_LT(models::coverage_at(p.technology, 10.0), 0.01);
  EXPECT_GT(models::coverage_at(p.technology, 60.0), 0.99);

  // In the phase: put the midpoint where the frontier stands after the first tick.
  p.technology.coverage_mid = 25.3 + full_rate(p) / 12.0;
  World w = world_for(p);
  step(p, w, 0);
  EXPECT_NEAR(w.globals.coverage, 0.5, 1e-12);
  EXPECT_LT(w.globals.coverage_open, 0.5);  // the open capability trails
}

TEST(TechnologyTest, PricesFallAndPricePerformanceRisesAtTheirYearlyRates) {
  const Params p = tech_params();
  World w = world_for(p);
  const double local0 = w.globals.local_cost;
  const double cpu0 = w.globals.compute_per_usd;
  ASSERT_GT(local0, 0.0);
  for (int tick = 0; tick < 30; ++tick) {
    step(p, w, tick);
    const double years = (tick + 1) / 12.0;
    EXPECT_NEAR(w.globals.api_price, std::pow(0.4, years), 1e-12) << tick;
    EXPECT_NEAR(w.globals.local_cost, local0 * std::pow(0.4, years), 1e-12) << tick;
    EXPECT_NEAR(w.globals.compute_per_usd / (cpu0 * std::pow(1.33, years)), 1.0, 1e-12) << tick;
  }
  // After exactly one year of monthly ticks the price index is 1 - 0.6.
  World y = world_for(p);
  for (int tick = 0; tick < 12; ++tick) step(p, y, tick);
  EXPECT_NEAR(y.globals.api_price, 0.4, 1e-12);
}

TEST(TechnologyTest, YearlyTickGivesTheSamePriceAsTwelveMonthlyTicks) {
  Params yearly = tech_params();
  yearly.time.months_per_tick = 12;
  World w = world_for(yearly);
  step(yearly, w, 0);
  EXPECT_NEAR(w.globals.api_price, 0.4, 1e-14);

  Params flat = tech_params();
  flat.technology.price_decline_per_year = 0.0;
  World f = world_for(flat);
  for (int tick = 0; tick < 5; ++tick) step(flat, f, tick);
  EXPECT_EQ(f.globals.api_price, 1.0);
}

TEST(TechnologyTest, DataWorkDemandScalesWithCostAndFallsWithSyntheticData) {
  const Params p = tech_params();
  World w = world_for(p);
  w.globals.d0 = 1000.0;
  double synthetic = 0;
  for (int tick = 0; tick < 144; ++tick) {
    step(p, w, tick);
    const auto& g = w.globals;
    EXPECT_GT(g.synthetic_share, synthetic) << tick;  // rises every tick
    EXPECT_GT(g.synthetic_share, 0.1);
    synthetic = g.synthetic_share;
    EXPECT_NEAR(g.data_work_demand,
                1000.0 * std::sqrt(g.frontier_cost_usd / kCost2023) * (1.0 - g.synthetic_share),
                1e-9 * g.data_work_demand)
        << tick;
  }
  // Tick 143 ends at 2035-01-01: the synthetic share reaches 0.8.
  EXPECT_NEAR(models::make_tick_context(p, 143).t_end, 12.0, 1e-12);
  EXPECT_NEAR(w.globals.synthetic_share, 0.8, 1e-12);
}

}  // namespace
