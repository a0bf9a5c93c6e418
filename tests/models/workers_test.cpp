// Rule tests of phase 6, workers (online, AI use, displacement, training, data work).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "models/phases.hpp"
#include "models/worker_rates.hpp"
#include "world_builder.hpp"

namespace {

using models::kDataWork;
using models::kEmployed;
using models::kExposedComplementary;
using models::kExposedSubstitutable;
using models::kLowSkill;
using models::kNotExposed;
using models::kTraining;
using models::kUnemployed;
using models::Params;
using models::World;
using test_world::kHic;
using test_world::kLic;
using test_world::kLmc;
using test_world::kUmc;
using test_world::worker_begin;
using test_world::worker_end;

constexpr double kSigmas = 4.0;  // statistical tolerance, in standard errors

// The worker parameters the expectations below are written with (MODEL.md 7 defaults), so that a
// recalibration of the defaults does not change what these rule tests check.
Params worker_params() {
  Params p = test_world::tiny_params(120000, 2000);
  auto& q = p.workers;
  q.p_use = 0.05, q.q_use = 1.5, q.displacement_rate = 0.05;
  q.seat_rate = 0.01, q.training_months = 12, q.training_wait = 0.5, q.retrain_success = 0.6;
  q.rehire_rate = 1.0;
  p.firms.afford_scale = 1.0;
  p.countries.labour_share = 0.55;
  return p;
}

void step(const Params& p, World& w, int tick = 0) {
  models::workers_phase(p, w, models::make_tick_context(p, tick));
}

// Sets every non-data worker's status; data workers keep theirs.
void set_status(World& w, std::uint8_t status) {
  for (std::size_t i = 0; i < w.workers.size(); ++i) {
    if (w.workers.occupation[i] == kDataWork) continue;
    w.workers.status[i] = status;
    w.workers.months_in_status[i] = 0;
  }
}

// The real unemployed (non-data) per country, as the aggregate phase would write them.
void sync_unemployed(World& w) {
  auto& k = w.countries;
  for (int c = 0; c < k.n; ++c) {
    double n = 0;
    for (std::uint32_t i = worker_begin(w, c); i < worker_end(w, c); ++i) {
      n += w.workers.status[i] == kUnemployed && w.workers.occupation[i] != kDataWork;
    }
    k.unemployed_real[c] = n * k.worker_weight[c];
    k.in_training_real[c] = 0;
  }
}

int count_if_workers(const World& w, int c, auto pred) {
  int n = 0;
  for (std::uint32_t i = worker_begin(w, c); i < worker_end(w, c); ++i) n += pred(i);
  return n;
}

TEST(WorkersTest, NoDisplacementWithoutCoverageProductionOrRate) {
  enum Case { kNoCoverage, kNoProduction, kNoRate, kControl };
  for (const Case cs : {kNoCoverage, kNoProduction, kNoRate, kControl}) {
    Params p = worker_params();
    p.workers.displacement_rate = cs == kNoRate ? 0.0 : 5.0;
    World w = test_world::tiny_world(p);
    w.globals.coverage = cs == kNoCoverage ? 0.0 : 1.0;
    std::fill(w.countries.production_share_output.begin(),
              w.countries.production_share_output.end(), cs == kNoProduction ? 0.0 : 1.0);
    int displaced = 0, substitutable = 0;
    for (int tick = 0; tick < (cs == kControl ? 1 : 12); ++tick) step(p, w, tick);
    for (std::size_t i = 0; i < w.workers.size(); ++i) {
      if (w.workers.occupation[i] != kExposedSubstitutable) continue;
      ++substitutable;
      displaced += w.workers.status[i] != kEmployed;
    }
    ASSERT_GT(substitutable, 10000);
    if (cs == kControl) {
      const double pd = 1.0 - std::exp(-5.0 / 12.0);
      EXPECT_DOUBLE_EQ(w.worker_rates.p_displace[kHic], pd);
      EXPECT_NEAR(static_cast<double>(displaced) / substitutable, pd,
                  kSigmas * std::sqrt(pd * (1 - pd) / substitutable));
    } else {
      EXPECT_EQ(displaced, 0) << cs;
      for (const double pd : w.worker_rates.p_displace) EXPECT_EQ(pd, 0.0) << cs;
    }
  }
}

TEST(WorkersTest, OnlySubstitutableWorkersAreDisplaced) {
  Params p = worker_params();
  p.workers.displacement_rate = 5.0;
  World w = test_world::tiny_world(p);
  w.globals.coverage = 1.0;
  std::fill(w.countries.production_share_output.begin(), w.countries.production_share_output.end(),
            1.0);
  for (int tick = 0; tick < 6; ++tick) step(p, w, tick);
  for (std::size_t i = 0; i < w.workers.size(); ++i) {
    const auto o = w.workers.occupation[i];
    if (o == kExposedComplementary || o == kNotExposed) {
      ASSERT_EQ(w.workers.status[i], kEmployed);
    }
  }
}

TEST(WorkersTest, HriaProtectionScalesDisplacement) {
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

TEST(WorkersTest, NoSeatsMeansNobodyEntersTraining) {
  for (const double seat_rate : {0.0, 0.01}) {
    Params p = worker_params();
    p.workers.seat_rate = seat_rate;
    World w = test_world::tiny_world(p);
    set_status(w, kUnemployed);
    sync_unemployed(w);
    step(p, w);
    int training = 0;
    for (int c = 0; c < w.countries.n; ++c) {
      training +=
          count_if_workers(w, c, [&](std::uint32_t i) { return w.workers.status[i] == kTraining; });
    }
    if (seat_rate == 0) {
      EXPECT_EQ(training, 0);
      for (const double s : w.worker_rates.rehire_share) EXPECT_EQ(s, 1.0);
    } else {
      EXPECT_GT(training, 0);  // the control: seats do fill
    }
  }
}

TEST(WorkersTest, FullSeatsMeanNobodyEntersTraining) {
  const Params p = worker_params();
  World w = test_world::tiny_world(p);
  set_status(w, kUnemployed);
  sync_unemployed(w);
  for (int c = 0; c < w.countries.n; ++c) {
    w.countries.in_training_real[c] = 0.01 * w.countries.labour_force[c] * 12 / 12.0;
  }
  step(p, w);
  for (int c = 0; c < w.countries.n; ++c) {
    EXPECT_EQ(w.worker_rates.rehire_share[c], 1.0);
    EXPECT_EQ(
        count_if_workers(w, c, [&](std::uint32_t i) { return w.workers.status[i] == kTraining; }),
        0);
  }
}

TEST(WorkersTest, TrainingEntryFollowsSeatsOverUnemployedAndTheWait) {
  const Params p = worker_params();
  World w = test_world::tiny_world(p);
  set_status(w, kUnemployed);
  sync_unemployed(w);
  std::fill(w.countries.gdp_growth.begin(), w.countries.gdp_growth.end(), 0.02);  // demand 1
  step(p, w);
  for (int c = 0; c < w.countries.n; ++c) {
    const auto& k = w.countries;
    const double seats = 0.01 * k.labour_force[c];  // seat_rate * LF * 12 / 12
    const double h_train = std::min(1.0, seats / k.unemployed_real[c]) / 0.5;
    const double h_rehire = 1.0;
    EXPECT_NEAR(w.worker_rates.p_leave_unemployed[c], 1.0 - std::exp(-(h_train + h_rehire) / 12.0),
                1e-14);
    EXPECT_NEAR(w.worker_rates.rehire_share[c], h_rehire / (h_train + h_rehire), 1e-14);
    // Statistical: the share of the unemployed entering training this tick.
    const double pt = w.worker_rates.p_leave_unemployed[c] * (1 - w.worker_rates.rehire_share[c]);
    const double n = count_if_workers(
        w, c, [&](std::uint32_t i) { return w.workers.occupation[i] != kDataWork; });
    const double trained =
        count_if_workers(w, c, [&](std::uint32_t i) { return w.workers.status[i] == kTraining; });
    EXPECT_NEAR(trained / n, pt, kSigmas * std::sqrt(pt * (1 - pt) / n)) << c;
  }
}

TEST(WorkersTest, ReemploymentDemandFactorIsClamped) {
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

TEST(WorkersTest, TrainingEndsAfterTrainingMonthsWithAiSkill) {
  for (const double success : {1.0, 0.0}) {
    Params p = worker_params();
    p.workers.retrain_success = success;
    World w = test_world::tiny_world(p);
    set_status(w, kTraining);
    std::fill(w.workers.ai_skill.begin(), w.workers.ai_skill.end(), 0);
    const auto occupation0 = w.workers.occupation;
    for (int tick = 0; tick < 11; ++tick) {
      step(p, w, tick);
      for (std::size_t i = 0; i < w.workers.size(); ++i) {
        if (occupation0[i] == kDataWork) continue;
        ASSERT_EQ(w.workers.status[i], kTraining) << tick;
        ASSERT_EQ(w.workers.ai_skill[i], 0) << tick;
      }
    }
    step(p, w, 11);
    for (std::size_t i = 0; i < w.workers.size(); ++i) {
      if (occupation0[i] == kDataWork) continue;
      ASSERT_EQ(w.workers.status[i], kUnemployed);
      ASSERT_EQ(w.workers.ai_skill[i], 1);
      if (success == 1.0) {
        ASSERT_EQ(w.workers.occupation[i],
                  w.workers.skill[i] == kLowSkill ? kNotExposed : kExposedComplementary);
      } else {
        ASSERT_EQ(w.workers.occupation[i], occupation0[i]);
      }
    }
  }
}

TEST(WorkersTest, TrainingLastsTrainingMonthsWithQuarterlyTicks) {
  Params p = worker_params();
  p.time.months_per_tick = 3;
  p.workers.training_months = 12;
  World w = test_world::tiny_world(p);
  set_status(w, kTraining);
  for (int tick = 0; tick < 3; ++tick) step(p, w, tick);
  const int i = static_cast<int>(
      std::find(w.workers.occupation.begin(), w.workers.occupation.end(), kNotExposed) -
      w.workers.occupation.begin());
  EXPECT_EQ(w.workers.status[i], kTraining);
  step(p, w, 3);
  EXPECT_EQ(w.workers.status[i], kUnemployed);
  EXPECT_EQ(w.workers.ai_skill[i], 1);
}

TEST(WorkersTest, RetrainingMovesTheRetrainSuccessShare) {
  const Params p = worker_params();
  World w = test_world::tiny_world(p);
  set_status(w, kTraining);
  const auto occupation0 = w.workers.occupation;
  for (int tick = 0; tick < 12; ++tick) step(p, w, tick);
  double candidates = 0, moved = 0;
  for (std::size_t i = 0; i < w.workers.size(); ++i) {
    if (occupation0[i] == kDataWork) continue;
    const auto target = w.workers.skill[i] == kLowSkill ? kNotExposed : kExposedComplementary;
    if (occupation0[i] == target) continue;
    ++candidates;
    moved += w.workers.occupation[i] == target;
  }
  ASSERT_GT(candidates, 10000);
  EXPECT_NEAR(moved / candidates, 0.6, kSigmas * std::sqrt(0.6 * 0.4 / candidates));
}

TEST(WorkersTest, AiUseAdoptionMatchesItsProbability) {
  const Params p = worker_params();
  World w = test_world::tiny_world(p);
  w.globals.api_price = 0.5;
  w.globals.local_cost = 100.0;  // the closed price is the lowest
  w.countries.ai_user_share = {0.2, 0.1, 0.05, 0.0};
  // Even agents online and not using; odd agents offline.
  for (std::size_t i = 0; i < w.workers.size(); ++i) {
    w.workers.online[i] = i % 2 == 0;
    w.workers.uses_ai[i] = 0;
  }
  step(p, w);
  const auto& k = w.countries;
  for (int c = 0; c < k.n; ++c) {
    const double price = 0.5 / k.consumer_price_base[c];  // consumer_price: 1 at 2023-01
    const double afford = 1.0 / (1.0 + price / (k.gdp_per_capita_usd[c] / 10000.0));
    const double h = (0.05 + 1.5 * k.ai_user_share[c]) * k.language_fit[c] * afford;
    const double pu = w.worker_rates.p_use[c];
    EXPECT_NEAR(pu, 1.0 - std::exp(-h / 12.0), 1e-14) << c;
    double n = 0, users = 0, offline_users = 0;
    for (std::uint32_t i = worker_begin(w, c); i < worker_end(w, c); ++i) {
      if (i % 2 == 0) {
        ++n;
        users += w.workers.uses_ai[i];
      } else {
        offline_users += w.workers.uses_ai[i];
      }
    }
    EXPECT_EQ(offline_users, 0) << c;  // no use without a connection
    EXPECT_NEAR(users / n, pu, kSigmas * std::sqrt(pu * (1 - pu) / n)) << c;
  }
}

TEST(WorkersTest, NoLanguageFitMeansNoAiUse) {
  const Params p = worker_params();
  World w = test_world::tiny_world(p);
  w.countries.language_fit[kLic] = 0.0;
  std::fill(w.workers.online.begin(), w.workers.online.end(), 1);
  std::fill(w.workers.uses_ai.begin(), w.workers.uses_ai.end(), 0);
  for (int tick = 0; tick < 12; ++tick) step(p, w, tick);
  EXPECT_EQ(w.worker_rates.p_use[kLic], 0.0);
  EXPECT_EQ(count_if_workers(w, kLic, [&](std::uint32_t i) { return w.workers.uses_ai[i] != 0; }),
            0);
  EXPECT_GT(count_if_workers(w, kHic, [&](std::uint32_t i) { return w.workers.uses_ai[i] != 0; }),
            100);
}

TEST(WorkersTest, GoingOnlineMatchesItsProbability) {
  const Params p = worker_params();
  World w = test_world::tiny_world(p);
  std::fill(w.workers.online.begin(), w.workers.online.end(), 0);
  std::fill(w.workers.uses_ai.begin(), w.workers.uses_ai.end(), 0);
  step(p, w);
  const auto& k = w.countries;
  for (int c = 0; c < k.n; ++c) {
    const double po = 1.0 - std::exp(-k.internet_growth[c] * k.internet_share[c] / 12.0);
    EXPECT_NEAR(w.worker_rates.p_online[c], po, 1e-15);
    const double n = worker_end(w, c) - worker_begin(w, c);
    const double online =
        count_if_workers(w, c, [&](std::uint32_t i) { return w.workers.online[i] != 0; });
    EXPECT_NEAR(online / n, po, kSigmas * std::sqrt(po * (1 - po) / n)) << c;
    // A worker who only just went online does not use AI in the same tick.
    EXPECT_EQ(count_if_workers(w, c, [&](std::uint32_t i) { return w.workers.uses_ai[i] != 0; }),
              0);
  }
}

TEST(WorkersTest, DataWorkIsAllocatedToNonHicByDigitalInternetLabourOverWage) {
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

TEST(WorkersTest, DataWorkersAreEmployedWithProbabilityAllocationOverLabour) {
  const Params p = worker_params();
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  // Half of every country's agents do data work, for a large sample (the rates read the
  // country's real data-work labour, not the agents).
  for (std::size_t i = 0; i < w.workers.size(); i += 2) w.workers.occupation[i] = kDataWork;
  k.data_work_labour[kHic] = 50000;  // HIC data workers get no allocation
  double labour = 0;
  for (int c = 0; c < k.n; ++c) labour += k.hic[c] ? 0.0 : k.data_work_labour[c];
  w.globals.data_work_demand = labour;  // the non-HIC data-work labour, as at tick 0
  step(p, w);
  int below_one = 0;
  for (int c = 0; c < k.n; ++c) {
    const double pd = w.worker_rates.p_data_work_employed[c];
    const double expected = k.data_work_labour[c] > 0
                                ? std::min(1.0, k.data_work_allocation[c] / k.data_work_labour[c])
                                : 0.0;
    EXPECT_NEAR(pd, expected, 1e-15) << c;
    const double n = count_if_workers(
        w, c, [&](std::uint32_t i) { return w.workers.occupation[i] == kDataWork; });
    const double employed = count_if_workers(w, c, [&](std::uint32_t i) {
      return w.workers.occupation[i] == kDataWork && w.workers.status[i] == kEmployed;
    });
    if (pd == 0.0 || pd == 1.0) {
      EXPECT_EQ(employed, pd * n) << c;  // limits are exact
    } else {
      ++below_one;
      EXPECT_NEAR(employed / n, pd, kSigmas * std::sqrt(pd * (1 - pd) / n)) << c;
    }
  }
  EXPECT_EQ(w.worker_rates.p_data_work_employed[kHic], 0.0);  // no HIC allocation
  EXPECT_EQ(w.worker_rates.p_data_work_employed[kLmc], 1.0);  // more work than labour
  EXPECT_GE(below_one, 2);
}

// MODEL.md 7: "afford_worker has the firm's form with consumer_price_c (an index, 1 in 2023,
// lowered by open weights and free tiers)". At 2023-01 the consumer price index is 1, whatever
// the open-weight running cost a firm faces.
TEST(WorkersTest, UseAffordabilityUsesAConsumerPriceOfOneIn2023) {
  const Params p = worker_params();
  World w = test_world::tiny_world(p);  // the state of 2023-01, before any technology phase
  models::compute_worker_rates(p, w, 1.0 / 12.0);
  const auto& k = w.countries;
  for (int c = 0; c < k.n; ++c) {
    const double afford = 1.0 / (1.0 + 1.0 / (k.gdp_per_capita_usd[c] / 10000.0));
    const double h = (0.05 + 1.5 * k.ai_user_share[c]) * k.language_fit[c] * afford;
    EXPECT_NEAR(w.worker_rates.p_use[c], 1.0 - std::exp(-h / 12.0), 1e-14) << c;
  }
}

}  // namespace
