// Rule tests of phase 6's per-country rates (models/worker_rates.cpp): displacement and
// re-employment rates, the data-work allocation, the propensity of use, imitation, depth of use
// and new tasks.
#include "models/worker_rates.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "worker_test_params.hpp"
#include "world_builder.hpp"

namespace {

using models::Params;
using models::World;
using test_world::kHic;
using test_world::kLic;
using test_world::kLmc;
using test_world::kUmc;
using test_world::worker_begin;
using test_world::worker_end;
using worker_test::use_class;
using worker_test::worker_params;

TEST(WorkerRatesTest, HriaProtectionScalesDisplacement) {
  Params p = worker_params();
  World w = test_world::tiny_world(p);
  w.globals.coverage = 0.5;
  std::fill(w.countries.production_share_output.begin(), w.countries.production_share_output.end(),
            0.4);
  w.countries.hria_protection[kLmc] = 1.0;
  w.countries.hria_protection[kLic] = 0.5;
  models::compute_worker_rates(p, w, 1.0 / 12.0);
  const auto& r = w.worker_rates;
  EXPECT_EQ(r.p_displace[kLmc], 0.0);
  EXPECT_NEAR(test_world::hazard_of(r.p_displace[kHic], 1.0 / 12.0), 0.05 * 0.5 * 0.4, 1e-14);
  EXPECT_NEAR(test_world::hazard_of(r.p_displace[kLic], 1.0 / 12.0), 0.05 * 0.5 * 0.4 * 0.5, 1e-14);
}

TEST(WorkerRatesTest, ReemploymentDemandFactorIsClamped) {
  Params p = worker_params();
  p.workers.seat_rate = 0;
  World w = test_world::tiny_world(p);
  w.countries.gdp_growth = {-1.0, 0.02, 0.07, 1.0};
  models::compute_worker_rates(p, w, 1.0 / 12.0);
  const double expected[4] = {0.2, 1.0, 1.5, 2.0};
  for (int c = 0; c < 4; ++c) {
    EXPECT_NEAR(test_world::hazard_of(w.worker_rates.p_leave_unemployed[c], 1.0 / 12.0),
                expected[c], 1e-12)
        << c;
  }
}

TEST(WorkerRatesTest, DataWorkIsAllocatedToNonHicByDigitalInternetLabourOverWage) {
  const Params p = worker_params();
  World w = test_world::tiny_world(p);
  const auto& k = w.countries;
  // Give the HIC data workers too: it must still get no allocation.
  w.countries.data_work_labour[kHic] = 50000;
  w.globals.data_work_demand = 150000;
  models::allocate_data_work(p, w);
  double weights[4], total = 0;
  for (int c = 0; c < k.n; ++c) {
    const double wage = 0.55 * k.gdp_per_capita_usd[c] * k.population[c] / k.labour_force[c];
    EXPECT_NEAR(models::mean_wage_usd(p, k, c), wage, 1e-9 * wage);
    weights[c] =
        k.hic[c] ? 0.0 : k.pillar[0][c] * k.internet_share[c] * k.data_work_labour[c] / wage;
    total += weights[c];
  }
  EXPECT_EQ(k.data_work_allocation[kHic], 0.0);
  double sum = 0;
  for (int c = 0; c < k.n; ++c) {
    EXPECT_NEAR(k.data_work_allocation[c], 150000 * weights[c] / total, 1e-6) << c;
    sum += k.data_work_allocation[c];
  }
  EXPECT_NEAR(sum, 150000, 1e-6);
  // By hand (section-5 table, tiny data): the weights are about 1.75, 5.05 and 1.45.
  EXPECT_NEAR(weights[kUmc], 0.55 * 0.70 * 60000 / 13200, 1e-9);
  EXPECT_NEAR(weights[kLmc], 0.35 * 0.45 * 105000 / (0.55 * 2500 / 0.42), 1e-9);
}

// Propensity: high skill, youth and exposed occupations use more (RPS, Eurostat 2025).
TEST(WorkerRatesTest, PropensityRisesWithSkillYouthAndExposure) {
  const Params p = worker_params();
  const auto m = [&](int skill, int youth, int exposed) {
    return models::use_class_multiplier(p.workers, skill << 2 | youth << 1 | exposed);
  };
  EXPECT_LT(m(0, 0, 0), m(1, 0, 0));
  EXPECT_LT(m(1, 0, 0), m(2, 0, 0));
  EXPECT_LT(m(1, 0, 0), m(1, 1, 0));
  EXPECT_LT(m(1, 0, 0), m(1, 0, 1));
  EXPECT_EQ(models::use_class_multiplier(p.workers, 3 << 2), 0.0);  // padding classes
}

// The country term is normalised to a labour-force mean of m_i of 1 over HIC at tick 0.
TEST(WorkerRatesTest, PropensityHasHighIncomeMeanOneAtTickZero) {
  const Params p = worker_params();
  const World w = test_world::tiny_world(p);
  double sum = 0, n = 0;
  for (std::uint32_t i = worker_begin(w, kHic); i < worker_end(w, kHic); ++i) {
    sum += models::use_class_multiplier(p.workers, use_class(w, i)) *
           w.countries.use_country_term[kHic];
    ++n;
  }
  EXPECT_NEAR(sum / n, 1.0, 1e-12);
  // Lower human capital, lower country term.
  EXPECT_LT(w.countries.use_country_term[kLic], w.countries.use_country_term[kHic]);
}

// The world's users carry awareness across borders: a country without users of its own still
// starts through q_global, and only through it.
TEST(WorkerRatesTest, GlobalImitationReachesCountriesWithoutUsers) {
  for (const double q_global : {0.0, 0.5}) {
    Params p = worker_params();
    p.workers.q_global = q_global;
    World w = test_world::tiny_world(p);
    std::fill(w.countries.ai_user_share_online.begin(), w.countries.ai_user_share_online.end(),
              0.0);
    w.globals.world_online_user_share = 0.3;
    models::compute_worker_rates(p, w, 1.0 / 12.0);
    const double pu = w.worker_rates.p_use[kLic];
    if (q_global == 0) {
      EXPECT_EQ(pu, 0.0);
    } else {
      const double h = models::use_class_multiplier(p.workers, models::kMidSkill << 2) *
                       w.countries.language_fit[kLic] * 0.5 * 0.3 *
                       w.countries.use_country_term[kLic];
      EXPECT_NEAR(pu, 1.0 - std::exp(-h / 12.0), 1e-15);
    }
  }
}

// Use is free at the point of use (M1): prices and income do not enter the use hazard.
TEST(WorkerRatesTest, PriceAndIncomeDoNotGateUse) {
  const Params p = worker_params();
  World w = test_world::tiny_world(p);
  w.countries.ai_user_share_online = {0.4, 0.2, 0.1, 0.05};
  models::compute_worker_rates(p, w, 1.0 / 12.0);
  const auto before = w.worker_rates.p_use_class;
  w.globals.api_price = 100.0;
  w.globals.local_cost = 100.0;
  for (double& gdp : w.countries.gdp_per_capita_usd) gdp *= 0.1;
  models::compute_worker_rates(p, w, 1.0 / 12.0);
  EXPECT_EQ(w.worker_rates.p_use_class, before);
}

// Language: the best fit to the power lambda; lambda 0 removes it, and fit 0 stops use only
// when lambda > 0.
TEST(WorkerRatesTest, LanguageFitEntersWithItsExponent) {
  for (const double lambda : {0.0, 1.0, 2.0}) {
    Params p = worker_params();
    p.workers.language_exponent = lambda;
    World w = test_world::tiny_world(p);
    w.countries.ai_user_share_online = {0.2, 0.2, 0.2, 0.2};
    w.globals.world_online_user_share = 0.2;
    w.countries.use_country_term = {1.0, 1.0, 1.0, 1.0};
    std::fill(w.countries.pillar[1].begin(), w.countries.pillar[1].end(), 0.5);
    models::compute_worker_rates(p, w, 1.0 / 12.0);
    const double h_hic = test_world::hazard_of(w.worker_rates.p_use[kHic], 1.0 / 12.0);
    const double h_lic = test_world::hazard_of(w.worker_rates.p_use[kLic], 1.0 / 12.0);
    // Same imitation and country term: the ratio is (0.5 / 1.0)^lambda.
    EXPECT_NEAR(h_lic / h_hic, std::pow(0.5, lambda), 1e-9) << lambda;
  }
}

// The spend of a heavy user: heavy_use_spend_usd x heavy_use_price x tokens over GDP per
// capita; depth falls with it through a factor that is neither 0 nor 1, so it can bind.
TEST(WorkerRatesTest, DepthFallsWithThePriceOfHeavyUseOverIncome) {
  Params p = worker_params();
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  models::compute_depth_factors(p, w, 2.0);
  for (int c = 0; c < k.n; ++c) {
    const double price = models::price_min(p, w, c) / w.globals.coverage;
    const double spend =
        p.workers.heavy_use_spend_usd * price * std::pow(p.workers.inference_demand_growth, 2.0);
    EXPECT_NEAR(k.heavy_use_spend_share[c], spend / k.gdp_per_capita_usd[c], 1e-12);
    const double factor = std::pow(1.0 + k.heavy_use_spend_share[c] / p.workers.depth_budget_share,
                                   -p.workers.depth_price_elasticity);
    EXPECT_NEAR(k.depth_factor[c],
                (1.0 + p.workers.depth_production * k.production_share_output[c]) * factor, 1e-12);
    EXPECT_GT(factor, 0.0);
    EXPECT_LT(factor, 1.0);
  }
  // A dearer price of heavy use lowers depth everywhere.
  const auto before = k.depth_factor;
  w.globals.api_price *= 2;
  w.globals.local_cost *= 2;
  models::compute_depth_factors(p, w, 2.0);
  for (int c = 0; c < k.n; ++c) EXPECT_LT(k.depth_factor[c], before[c]) << c;
  // Poorer countries face a larger spend share.
  EXPECT_GT(k.heavy_use_spend_share[kLic], k.heavy_use_spend_share[kHic]);
}

TEST(WorkerRatesTest, DepthPriceFactorIsOneAtZeroSpendAndFallsWithElasticity) {
  Params p = worker_params();
  EXPECT_EQ(models::depth_price_factor(p.workers, 0.0), 1.0);
  p.workers.depth_price_elasticity = 0.0;
  EXPECT_EQ(models::depth_price_factor(p.workers, 5.0), 1.0);  // no price channel
  p.workers.depth_price_elasticity = 0.5;
  p.workers.depth_budget_share = 0.01;
  EXPECT_NEAR(models::depth_price_factor(p.workers, 0.03), 0.5, 1e-15);  // (1 + 3)^-0.5
  EXPECT_NEAR(models::tokens_per_heavy_user(p.workers, 0.0), 1.0, 1e-15);
  EXPECT_NEAR(models::tokens_per_heavy_user(p.workers, 2.0),
              p.workers.inference_demand_growth * p.workers.inference_demand_growth, 1e-12);
}

TEST(WorkerRatesTest, NoNewTasksWithoutProduction) {
  Params p = worker_params();
  p.workers.new_task_rate = 6.0;
  World w = test_world::tiny_world(p);
  std::fill(w.countries.production_share_output.begin(), w.countries.production_share_output.end(),
            0.0);
  models::compute_worker_rates(p, w, 1.0 / 12.0);
  for (int c = 0; c < w.countries.n; ++c) {
    EXPECT_EQ(w.worker_rates.hire_share[c], w.worker_rates.rehire_share[c]);
  }
}

}  // namespace
