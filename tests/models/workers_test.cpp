// Rule tests of phase 6, workers (online, AI use, displacement, training, data work).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "models/phases.hpp"
#include "models/worker_rates.hpp"
#include "worker_test_params.hpp"
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
using test_world::kLmc;
using test_world::worker_begin;
using test_world::worker_end;
using worker_test::use_class;
using worker_test::worker_params;

constexpr double kSigmas = 4.0;  // statistical tolerance, in standard errors

void step(const Params& p, World& w, int tick = 0) {
  models::workers_phase(p, w, models::make_tick_context(p, tick));
}

// Sets every non-data worker's status; data workers keep theirs. Nobody is AI-skilled, so the
// ordinary rules of leaving unemployment apply (the AI-skilled have their own, M7).
void set_status(World& w, std::uint8_t status) {
  for (std::size_t i = 0; i < w.workers.size(); ++i) {
    if (w.workers.occupation[i] == kDataWork) continue;
    w.workers.status[i] = status;
    w.workers.months_in_status[i] = 0;
    w.workers.ai_skill[i] = 0;
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

// ---- Model v2, M1: use among the online, by local and global imitation, with churn ----

// MODEL.md 9 M1: the hazard of an online non-user is m_i lf^lambda (q_local u_c + q_global
// u_world); the draw follows it class by class.
TEST(WorkersTest, UseStartsAmongTheOnlineByLocalAndGlobalImitation) {
  const Params p = worker_params();
  World w = test_world::tiny_world(p);
  auto& k = w.countries;
  k.ai_user_share_online = {0.4, 0.2, 0.1, 0.0};
  w.globals.world_online_user_share = 0.25;
  // Even agents online and not using; odd agents offline.
  for (std::size_t i = 0; i < w.workers.size(); ++i) {
    w.workers.online[i] = i % 2 == 0;
    w.workers.uses_ai[i] = 0;
  }
  step(p, w);
  for (int c = 0; c < k.n; ++c) {
    const double country = std::pow(k.pillar[1][c], p.workers.use_hc_exponent) * w.globals.use_norm;
    EXPECT_NEAR(k.use_country_term[c], country, 1e-15);
    const double imitation = std::pow(k.language_fit[c], p.workers.language_exponent) *
                             (1.5 * k.ai_user_share_online[c] + 0.5 * 0.25) * country;
    double expected = 0, variance = 0, users = 0, offline_users = 0;
    for (std::uint32_t i = worker_begin(w, c); i < worker_end(w, c); ++i) {
      const int u = use_class(w, i);
      const double pu =
          1.0 - std::exp(-models::use_class_multiplier(p.workers, u) * imitation / 12);
      ASSERT_NEAR(w.worker_rates.p_use_class[c * models::kUseClasses + u], pu, 1e-15);
      if (i % 2 == 0) {
        expected += pu, variance += pu * (1 - pu);
        users += w.workers.uses_ai[i];
      } else {
        offline_users += w.workers.uses_ai[i];
      }
    }
    EXPECT_EQ(offline_users, 0) << c;  // no use without a connection
    EXPECT_NEAR(users, expected, kSigmas * std::sqrt(variance) + 1e-9) << c;
  }
}

// No innovation term after 2023-01 (M1): without users anywhere nobody starts.
TEST(WorkersTest, NoUsersAnywhereMeansNobodyStarts) {
  const Params p = worker_params();
  World w = test_world::tiny_world(p);
  std::fill(w.countries.ai_user_share_online.begin(), w.countries.ai_user_share_online.end(), 0.0);
  w.globals.world_online_user_share = 0;
  std::fill(w.workers.online.begin(), w.workers.online.end(), 1);
  std::fill(w.workers.uses_ai.begin(), w.workers.uses_ai.end(), 0);
  for (int tick = 0; tick < 6; ++tick) step(p, w, tick);
  for (const double pu : w.worker_rates.p_use_class) EXPECT_EQ(pu, 0.0);
  EXPECT_EQ(std::count(w.workers.uses_ai.begin(), w.workers.uses_ai.end(), 1), 0);
}

// Churn (M1): users stop at the churn hazard and may start again; offline workers never start.
TEST(WorkersTest, UsersStopAtTheChurnHazard) {
  Params p = worker_params();
  p.workers.churn = 2.0;
  World w = test_world::tiny_world(p);
  std::fill(w.workers.online.begin(), w.workers.online.end(), 1);
  std::fill(w.workers.uses_ai.begin(), w.workers.uses_ai.end(), 1);
  step(p, w);
  const double pc = 1.0 - std::exp(-2.0 / 12.0);
  EXPECT_NEAR(w.worker_rates.p_churn, pc, 1e-15);
  const double n = static_cast<double>(w.workers.size());
  const double stopped = n - std::count(w.workers.uses_ai.begin(), w.workers.uses_ai.end(), 1);
  EXPECT_NEAR(stopped / n, pc, kSigmas * std::sqrt(pc * (1 - pc) / n));
}

// Bass's market potential: only use_potential of the online ever start; the hazard of a non-user
// is scaled by the potential adopters among the non-users, and nobody starts at the potential.
TEST(WorkersTest, PotentialAdopterShareScalesTheHazardAndStopsItAtThePotential) {
  EXPECT_EQ(models::potential_adopter_share(1.0, 0.0), 1.0);
  EXPECT_EQ(models::potential_adopter_share(1.0, 0.7), 1.0);  // the default changes nothing
  EXPECT_NEAR(models::potential_adopter_share(0.6, 0.0), 0.6, 1e-15);
  EXPECT_NEAR(models::potential_adopter_share(0.6, 0.3), 0.3 / 0.7, 1e-15);
  EXPECT_EQ(models::potential_adopter_share(0.6, 0.6), 0.0);
  EXPECT_EQ(models::potential_adopter_share(0.6, 0.9), 0.0);  // above it after a fall of online

  Params p = worker_params();
  World base = test_world::tiny_world(p);
  base.countries.ai_user_share_online = {0.4, 0.2, 0.1, 0.0};
  base.globals.world_online_user_share = 0.25;
  World capped = base;
  step(p, base);
  p.workers.use_potential = 0.3;
  step(p, capped);
  for (int c = 0; c < base.countries.n; ++c) {
    const double u = base.countries.ai_user_share_online[c];
    const double factor = u >= 0.3 ? 0.0 : (0.3 - u) / (1.0 - u);
    for (int k = 0; k < models::kUseClasses; ++k) {
      const std::size_t i = static_cast<std::size_t>(c) * models::kUseClasses + k;
      const double hazard = -std::log1p(-base.worker_rates.p_use_class[i]);
      EXPECT_NEAR(capped.worker_rates.p_use_class[i], 1.0 - std::exp(-hazard * factor), 1e-15)
          << c << " " << k;
    }
  }
}

// ---- Model v2, M2: depth of use and the price channel ----

// ai_use_intensity: users x depth per worker, labour-force-weighted world mean 1 every record.
TEST(WorkersTest, UseIntensityHasWorldMeanOneAndFollowsDepth) {
  const Params p = worker_params();
  World w = test_world::tiny_world(p);
  w.countries.ai_user_share_online = {0.4, 0.2, 0.1, 0.05};
  w.globals.world_online_user_share = 0.2;
  for (int tick = 0; tick < 3; ++tick) {
    step(p, w, tick);
    models::aggregate_phase(p, w, models::make_tick_context(p, tick));
    const auto& k = w.countries;
    double mean = 0, lf = 0;
    for (int c = 0; c < k.n; ++c) mean += k.labour_force[c] * k.ai_use_intensity[c];
    for (int c = 0; c < k.n; ++c) lf += k.labour_force[c];
    EXPECT_NEAR(mean / lf, 1.0, 1e-12);
    EXPECT_GT(w.globals.depth_world, 0.0);
  }
  // A dearer heavy use lowers the world's mean depth (the un-normalised D_world of M6).
  const double before = w.globals.depth_world;
  w.globals.api_price *= 50;
  w.globals.local_cost *= 50;
  step(p, w, 3);
  models::aggregate_phase(p, w, models::make_tick_context(p, 3));
  EXPECT_LT(w.globals.depth_world, 0.8 * before);
  EXPECT_GT(w.globals.depth_world0, 0.0);
}

// ---- Model v2, M7: after training, and new tasks ----

// New tasks: the unemployed are hired into exposed-complementary work at new_task_rate x
// coverage x production share, competing with rehiring and training.
TEST(WorkersTest, NewTasksHireTheUnemployedIntoComplementaryWork) {
  Params p = worker_params();
  p.workers.new_task_rate = 6.0;
  p.workers.rehire_rate = 0.0;
  p.workers.seat_rate = 0.0;
  World w = test_world::tiny_world(p);
  w.globals.coverage = 0.5;
  std::fill(w.countries.production_share_output.begin(), w.countries.production_share_output.end(),
            0.5);
  set_status(w, kUnemployed);
  sync_unemployed(w);
  const auto occupation0 = w.workers.occupation;
  step(p, w);
  const double ph = 1.0 - std::exp(-6.0 * 0.25 / 12.0);
  double n = 0, hired = 0;
  for (std::size_t i = 0; i < w.workers.size(); ++i) {
    if (occupation0[i] == kDataWork) continue;
    ++n;
    if (w.workers.status[i] == kEmployed) {
      ++hired;
      ASSERT_EQ(w.workers.occupation[i], kExposedComplementary);
    } else {
      ASSERT_EQ(w.workers.status[i], kUnemployed);  // no seats, no training
      ASSERT_EQ(w.workers.occupation[i], occupation0[i]);
    }
  }
  EXPECT_NEAR(hired / n, ph, kSigmas * std::sqrt(ph * (1 - ph) / n));
  for (int c = 0; c < w.countries.n; ++c) {
    EXPECT_EQ(w.worker_rates.rehire_share[c], 0.0);
    EXPECT_EQ(w.worker_rates.hire_share[c], 1.0);
  }
}

// After training (AI-skilled unemployed): a raised hazard back to work, never a second training.
TEST(WorkersTest, TrainedWorkersReturnAtARaisedHazardWithoutRetraining) {
  Params p = worker_params();
  p.workers.trained_rehire_factor = 3.0;
  World w = test_world::tiny_world(p);
  std::fill(w.countries.gdp_growth.begin(), w.countries.gdp_growth.end(), 0.02);  // demand 1
  set_status(w, kUnemployed);
  for (std::size_t i = 0; i < w.workers.size(); ++i) w.workers.ai_skill[i] = 1;
  sync_unemployed(w);
  step(p, w);
  const double pt = 1.0 - std::exp(-3.0 / 12.0);
  double n = 0, back = 0;
  for (int c = 0; c < w.countries.n; ++c) {
    EXPECT_NEAR(w.worker_rates.p_leave_trained[c], pt, 1e-15);
    for (std::uint32_t i = worker_begin(w, c); i < worker_end(w, c); ++i) {
      if (w.workers.occupation[i] == kDataWork) continue;
      ++n;
      ASSERT_NE(w.workers.status[i], kTraining);
      back += w.workers.status[i] == kEmployed;
    }
  }
  EXPECT_NEAR(back / n, pt, kSigmas * std::sqrt(pt * (1 - pt) / n));
}

}  // namespace
