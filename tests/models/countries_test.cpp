// Rule tests of phase 4, countries (pillars, internet, GDP, labour force and weights).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "models/phases.hpp"
#include "world_builder.hpp"

namespace {

using models::kPillars;
using models::Params;
using models::World;

void run_ticks(const Params& p, World& w, int ticks) {
  for (int tick = 0; tick < ticks; ++tick) {
    models::countries_phase(p, w, models::make_tick_context(p, tick));
  }
}

// The aggregates the feedbacks read (AI-skilled share, output-weighted production share).
void set_feedback_inputs(World& w, double skilled, double production) {
  std::fill(w.countries.ai_skilled_share.begin(), w.countries.ai_skilled_share.end(), skilled);
  std::fill(w.countries.production_share_output.begin(), w.countries.production_share_output.end(),
            production);
  std::fill(w.countries.ai_tfp_gain.begin(), w.countries.ai_tfp_gain.end(), 0.0);
}

TEST(CountriesTest, PillarsAreStationaryWithoutFeedbackOrLevers) {
  const Params p = test_world::tiny_params();
  World w = test_world::tiny_world(p);
  set_feedback_inputs(w, 0.0, 0.0);
  const auto pillars = w.countries.pillar;
  const auto readiness = w.countries.readiness;
  run_ticks(p, w, 120);
  for (int q = 0; q < kPillars; ++q) {
    for (int c = 0; c < w.countries.n; ++c) {
      EXPECT_NEAR(w.countries.pillar[q][c], pillars[q][c], 1e-12) << q << " " << c;
    }
  }
  for (int c = 0; c < w.countries.n; ++c) {
    EXPECT_NEAR(w.countries.readiness[c], readiness[c], 1e-12);
    // Readiness is the mean of di, hc and ie (M3); the regulation pillar is left out.
    double sum = 0;
    for (int q = 0; q < 3; ++q) sum += w.countries.pillar[q][c];
    EXPECT_NEAR(w.countries.readiness[c], sum / 3, 1e-15);
  }
}

TEST(CountriesTest, PillarsAreStationaryWhenFeedbackGainsAreZero) {
  Params p = test_world::tiny_params();
  p.countries.feedback_hc = 0;
  p.countries.feedback_ie = 0;
  World w = test_world::tiny_world(p);
  set_feedback_inputs(w, 0.8, 0.9);
  const auto pillars = w.countries.pillar;
  run_ticks(p, w, 60);
  for (int q = 0; q < kPillars; ++q) {
    for (int c = 0; c < w.countries.n; ++c) {
      EXPECT_NEAR(w.countries.pillar[q][c], pillars[q][c], 1e-12);
    }
  }
}

TEST(CountriesTest, FeedbackRaisesOnlyHumanCapitalAndInnovationAndStaysInUnitInterval) {
  Params p = test_world::tiny_params();
  p.countries.feedback_hc = 10;
  p.countries.feedback_ie = 10;
  p.countries.pillar_decay = 0.001;
  World w = test_world::tiny_world(p);
  set_feedback_inputs(w, 1.0, 1.0);
  w.countries.pillar[1][0] = 0.999;  // near the top already
  const auto start = w.countries.pillar;
  auto previous = start;
  for (int tick = 0; tick < 240; ++tick) {
    models::countries_phase(p, w, models::make_tick_context(p, tick));
    for (int c = 0; c < w.countries.n; ++c) {
      for (int q = 0; q < kPillars; ++q) {
        const double x = w.countries.pillar[q][c];
        EXPECT_GE(x, 0.0);
        EXPECT_LE(x, 1.0);
      }
      EXPECT_GE(w.countries.pillar[1][c], previous[1][c]);
      EXPECT_GE(w.countries.pillar[2][c], previous[2][c]);
      EXPECT_NEAR(w.countries.pillar[0][c], start[0][c], 1e-12);
      EXPECT_NEAR(w.countries.pillar[3][c], start[3][c], 1e-12);
    }
    previous = w.countries.pillar;
  }
  // Equilibrium a / (a + decay) with a = effect * spend0 + feedback.
  for (int c = 0; c < w.countries.n; ++c) {
    for (const int q : {1, 2}) {
      const double a = p.countries.effect_p * w.countries.spend0[q][c] + 10.0;
      EXPECT_NEAR(w.countries.pillar[q][c], a / (a + 0.001), 1e-9) << q << " " << c;
      EXPECT_GT(w.countries.pillar[q][c], start[q][c] - 1e-12);
    }
  }
}

TEST(CountriesTest, PillarsStayInUnitIntervalAtExtremes) {
  Params p = test_world::tiny_params();
  p.countries.pillar_decay = 5;
  p.countries.feedback_hc = 10;
  p.time.months_per_tick = 12;
  World w = test_world::tiny_world(p);
  set_feedback_inputs(w, 1.0, 0.0);
  w.countries.pillar[1][1] = 1.0;
  w.countries.pillar[1][2] = 0.0;
  run_ticks(p, w, 30);
  for (int q = 0; q < kPillars; ++q) {
    for (int c = 0; c < w.countries.n; ++c) {
      EXPECT_GE(w.countries.pillar[q][c], 0.0);
      EXPECT_LE(w.countries.pillar[q][c], 1.0);
      EXPECT_TRUE(std::isfinite(w.countries.pillar[q][c]));
    }
  }
}

TEST(CountriesTest, PillarAndInternetStepsAreExactOverTheTickLength) {
  // Twelve monthly ticks and one yearly tick must agree: the updates are exact solutions.
  Params monthly = test_world::tiny_params();
  monthly.workers.talent_premium_effect = 0;  // no talent flow (M8) in the tiny world
  monthly.countries.feedback_hc = 0.7;
  monthly.countries.feedback_ie = 0.4;
  Params yearly = monthly;
  yearly.time.months_per_tick = 12;
  World a = test_world::tiny_world(monthly);
  World b = test_world::tiny_world(yearly);
  set_feedback_inputs(a, 0.3, 0.5);
  set_feedback_inputs(b, 0.3, 0.5);
  run_ticks(monthly, a, 12);
  run_ticks(yearly, b, 1);
  for (int c = 0; c < a.countries.n; ++c) {
    for (int q = 0; q < kPillars; ++q) {
      EXPECT_NEAR(a.countries.pillar[q][c], b.countries.pillar[q][c], 1e-13) << q << " " << c;
    }
    EXPECT_NEAR(a.countries.internet_share[c], b.countries.internet_share[c], 1e-13);
    EXPECT_NEAR(a.countries.labour_force[c] / b.countries.labour_force[c], 1.0, 1e-13);
    EXPECT_NEAR(a.countries.gdp_per_capita_usd[c] / b.countries.gdp_per_capita_usd[c], 1.0, 1e-13);
  }
  // The feedback did move the pillars, so the comparison is not trivial.
  const World fresh = test_world::tiny_world(monthly);
  EXPECT_GT(a.countries.pillar[1][3] - fresh.countries.pillar[1][3], 0.01);
}

TEST(CountriesTest, InternetFollowsTheExactLogistic) {
  const Params p = test_world::tiny_params();
  World w = test_world::tiny_world(p);
  const auto x0 = w.countries.internet_share;
  run_ticks(p, w, 30);
  const double t = 30 / 12.0;
  for (int c = 0; c < w.countries.n; ++c) {
    const double g = w.countries.internet_growth[c];
    const double expected = 1.0 / (1.0 + (1.0 - x0[c]) / x0[c] * std::exp(-g * t));
    EXPECT_NEAR(w.countries.internet_share[c], expected, 1e-13) << c;
    EXPECT_GT(w.countries.internet_share[c], x0[c]);
  }
  EXPECT_DOUBLE_EQ(w.countries.internet_growth[test_world::kHic], 0.05);
  EXPECT_DOUBLE_EQ(w.countries.internet_growth[test_world::kLic], 0.06);
}

TEST(CountriesTest, GdpGrowsAtTheBaselineRateTimesOnePlusTfpGain) {
  const Params p = test_world::tiny_params();
  World w = test_world::tiny_world(p);
  set_feedback_inputs(w, 0.0, 0.0);
  const auto gdp0 = w.countries.gdp_per_capita_usd;
  for (int tick = 0; tick < 24; ++tick) {
    models::countries_phase(p, w, models::make_tick_context(p, tick));
    const double t = (tick + 1) / 12.0;
    for (int c = 0; c < w.countries.n; ++c) {
      const double g = w.countries.gdp_growth_base[c];
      EXPECT_NEAR(w.countries.gdp_per_capita_usd[c] / (gdp0[c] * std::exp(g * t)), 1.0, 1e-12);
      // Annualised growth over the last 12 months: exp(g) - 1 from the first tick on.
      EXPECT_NEAR(w.countries.gdp_growth[c], std::expm1(g), 1e-12) << tick << " " << c;
    }
  }
  // A TFP gain of 10% lifts GDP per capita by 10% over its base.
  std::fill(w.countries.ai_tfp_gain.begin(), w.countries.ai_tfp_gain.end(), 0.1);
  models::countries_phase(p, w, models::make_tick_context(p, 24));
  for (int c = 0; c < w.countries.n; ++c) {
    EXPECT_NEAR(w.countries.gdp_per_capita_usd[c], 1.1 * w.countries.gdp_base[c],
                1e-12 * w.countries.gdp_base[c]);
    EXPECT_GT(w.countries.gdp_growth[c], std::expm1(w.countries.gdp_growth_base[c]) + 0.09);
  }
  EXPECT_DOUBLE_EQ(w.countries.gdp_growth_base[test_world::kLmc], 0.035);
}

// M8: talent flows move the labour force by the AI-skilled who move, and only them.
TEST(CountriesTest, TalentFlowMovesTheLabourForceByTheAiSkilled) {
  Params p = test_world::tiny_params();
  p.workers.talent_premium_effect = 0.5;
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  k.ai_skill_premium = {0.4, 0.1, 0.0, 0.0};
  const auto lf0 = k.labour_force;
  const auto skilled0 = k.ai_skilled_share;
  models::countries_phase(p, w, models::make_tick_context(p, 0));
  double mean = 0, lf = 0;
  for (int c = 0; c < k.n; ++c)
    mean += lf0[c] * std::exp(k.labour_force_growth[c] / 12.0) *
            (c == 0   ? 0.4
             : c == 1 ? 0.1
                      : 0.0);
  for (int c = 0; c < k.n; ++c) lf += lf0[c] * std::exp(k.labour_force_growth[c] / 12.0);
  mean /= lf;
  for (int c = 0; c < k.n; ++c) {
    const double grown = lf0[c] * std::exp(k.labour_force_growth[c] / 12.0);
    const double flow = 0.5 * (k.ai_skill_premium[c] - mean);  // no data: intercept and slope 0
    EXPECT_NEAR(k.talent_flow[c], flow, 1e-12) << c;
    EXPECT_NEAR(k.labour_force[c], grown + skilled0[c] * grown * std::expm1(flow / 12.0),
                1e-6 * grown)
        << c;
  }
  EXPECT_GT(k.talent_flow[0], 0.0);  // toward the higher premium
  EXPECT_LT(k.talent_flow[3], 0.0);
}

TEST(CountriesTest, LabourForceAndAgentWeightsGrowTogether) {
  // Without talent flows (M8; the tiny world has no LinkedIn data and no premium term here).
  Params p = test_world::tiny_params();
  p.workers.talent_premium_effect = 0;
  World w = test_world::tiny_world(p);
  const auto lf0 = w.countries.labour_force;
  const auto firms0 = w.countries.real_firms;
  run_ticks(p, w, 24);
  const auto& k = w.countries;
  for (int c = 0; c < k.n; ++c) {
    const double growth = std::exp(k.labour_force_growth[c] * 2.0);
    EXPECT_NEAR(k.labour_force[c] / (lf0[c] * growth), 1.0, 1e-12);
    const double agents = test_world::worker_end(w, c) - test_world::worker_begin(w, c);
    EXPECT_NEAR(k.worker_weight[c] * agents / k.labour_force[c], 1.0, 1e-12);
    for (int s = 0; s < models::kSizes; ++s) {
      const std::size_t cs = static_cast<std::size_t>(c) * models::kSizes + s;
      const double firms = test_world::firm_end(w, c, s) - test_world::firm_begin(w, c, s);
      EXPECT_NEAR(k.firm_weight[cs] * firms / k.real_firms[cs], 1.0, 1e-12);
      EXPECT_NEAR(k.real_firms[cs] / (firms0[cs] * growth), 1.0, 1e-12);
    }
  }
  EXPECT_DOUBLE_EQ(k.labour_force_growth[test_world::kLic], 0.025);
}

}  // namespace
