// Rule tests of phase 7, aggregate: the model-v2 worker aggregates (M1, M7).
#include <gtest/gtest.h>

#include <cmath>

#include "models/phases.hpp"
#include "models/worker_rates.hpp"
#include "world_builder.hpp"

namespace {

using models::kDataWork;
using models::kEmployed;
using models::kUnemployed;
using test_world::worker_begin;
using test_world::worker_end;

models::World stepped_world(const models::Params& p) {
  models::World w = test_world::tiny_world(p);
  // Some unemployed and some trainees, so that every rate has a numerator and a denominator.
  for (std::size_t i = 0; i < w.workers.size(); ++i) {
    if (w.workers.occupation[i] == kDataWork) continue;
    if (i % 7 == 0) w.workers.status[i] = kUnemployed;
    if (i % 11 == 0) w.workers.status[i] = models::kTraining;
  }
  models::workers_phase(p, w, models::make_tick_context(p, 0));
  models::aggregate_phase(p, w, models::make_tick_context(p, 0));
  return w;
}

// unemployment_rate_all: unemployed over employed plus unemployed; trainees are out.
TEST(AggregateTest, UnemploymentRateAllLeavesTraineesOut) {
  const models::Params p = test_world::tiny_params(20000, 400);
  const models::World w = stepped_world(p);
  for (int c = 0; c < w.countries.n; ++c) {
    double employed = 0, unemployed = 0;
    for (std::uint32_t i = worker_begin(w, c); i < worker_end(w, c); ++i) {
      employed += w.workers.status[i] == kEmployed;
      unemployed += w.workers.status[i] == kUnemployed;
    }
    EXPECT_NEAR(w.countries.unemployment_rate_all[c], unemployed / (employed + unemployed), 1e-15);
  }
}

// M1's u_c counts users among the online.
TEST(AggregateTest, UserShareOnlineCountsTheOnline) {
  const models::Params p = test_world::tiny_params(20000, 400);
  const models::World w = stepped_world(p);
  for (int c = 0; c < w.countries.n; ++c) {
    double online = 0, users = 0;
    for (std::uint32_t i = worker_begin(w, c); i < worker_end(w, c); ++i) {
      online += w.workers.online[i];
      users += w.workers.uses_ai[i];
    }
    EXPECT_NEAR(w.countries.ai_user_share_online[c], users / online, 1e-15);
  }
}

// mean_wage_usd_by_use: the wage of each (occupation, skill, use) cell; NaN where empty; users
// and non-users earn the same outside exposed-complementary work.
TEST(AggregateTest, WagesByUseDifferOnlyForComplementaryUsers) {
  const models::Params p = test_world::tiny_params(20000, 400);
  models::World w = stepped_world(p);
  const auto& k = w.countries;
  const auto at = [&](int c, int o, int q, int u) {
    return k.mean_wage_usd_by_use[((c * models::kOccupations + o) * models::kSkills + q) *
                                      models::kUses +
                                  u];
  };
  int compared = 0;
  for (int c = 0; c < k.n; ++c) {
    for (int q = 0; q < models::kSkills; ++q) {
      const double user = at(c, models::kNotExposed, q, 0);
      const double non_user = at(c, models::kNotExposed, q, 1);
      if (std::isnan(user) || std::isnan(non_user)) continue;
      // Same skill-base wage; the premium of the AI-skilled may differ in mix.
      EXPECT_GT(user, 0.0);
      EXPECT_GT(non_user, 0.0);
      ++compared;
    }
    // The HIC has no data workers: its data-work cells are empty.
    if (k.hic[c]) {
      EXPECT_TRUE(std::isnan(at(c, kDataWork, 1, 0)));
      EXPECT_TRUE(std::isnan(at(c, kDataWork, 1, 1)));
    }
  }
  EXPECT_GT(compared, 3);
}

}  // namespace
