// Phase 6, workers (parallel): going online, AI use, youth, displacement, training, re-employment
// and data work (MODEL.md section 7, "Workers").
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>

#include "models/phases.hpp"
#include "models/purposes.hpp"
#include "models/worker_rates.hpp"
#include "sim/rng.hpp"

namespace models {

double mean_wage_usd(const Params& params, const Countries& k, int c) {
  return params.countries.labour_share * k.gdp_per_capita_usd[c] * k.population[c] /
         k.labour_force[c];
}

void allocate_data_work(const Params& params, World& world) {
  Countries& k = world.countries;
  double total = 0;
  for (int c = 0; c < k.n; ++c) {
    const double w = k.hic[c] ? 0.0
                              : k.pillar[0][c] * k.internet_share[c] * k.data_work_labour[c] /
                                    mean_wage_usd(params, k, c);
    k.data_work_allocation[c] = w;
    total += w;
  }
  for (int c = 0; c < k.n; ++c) {
    k.data_work_allocation[c] =
        total > 0 ? world.globals.data_work_demand * k.data_work_allocation[c] / total : 0.0;
  }
}

void compute_worker_rates(const Params& params, World& world, double dt) {
  const WorkerParams& p = params.workers;
  const Countries& k = world.countries;
  const Globals& g = world.globals;
  WorkerRates& r = world.worker_rates;
  allocate_data_work(params, world);
  for (Column* col : {&r.p_online, &r.p_use, &r.p_displace, &r.p_leave_unemployed, &r.rehire_share,
                      &r.p_data_work_employed}) {
    col->resize(static_cast<std::size_t>(k.n));
  }
  r.p_youth_exit = tick_probability(p.youth_exit, dt);
  r.retrain_success = p.retrain_success;
  r.training_months = static_cast<int>(p.training_months);
  r.months_per_tick = static_cast<int>(params.time.months_per_tick);
  for (int c = 0; c < k.n; ++c) {
    r.p_online[c] = tick_probability(
        (k.internet_growth[c] + k.lever_internet_growth[c]) * k.internet_share[c], dt);
    // AI use needs a connection, a language and a price, not institutions: no readiness term.
    // consumer_price: an index, 1 in 2023, that falls with the cheapest offer in the country.
    const double consumer_price = price_min(params, world, c) / k.consumer_price_base[c];
    const double afford =
        affordability(consumer_price, params.firms.afford_scale, k.gdp_per_capita_usd[c]);
    r.p_use[c] =
        tick_probability((p.p_use + p.q_use * k.ai_user_share[c]) * k.language_fit[c] * afford, dt);
    r.p_displace[c] =
        tick_probability(p.displacement_rate * g.coverage * k.production_share_output[c] *
                             (1.0 - k.hria_protection[c]),
                         dt);
    // Unemployed: re-employment against entry into training, competing risks.
    const double demand = std::clamp(1.0 + 10.0 * (k.gdp_growth[c] - 0.02), 0.2, 2.0);
    const double h_rehire = p.rehire_rate * demand;
    // soft_capacity adds its seats per 1000 workers a year to seat_rate.
    const double seats =
        (p.seat_rate + k.seat_rate_add[c]) * k.labour_force[c] * p.training_months / 12.0;
    const double free = std::max(0.0, seats - k.in_training_real[c]);
    const double seat_ratio = k.unemployed_real[c] > 0 ? std::min(1.0, free / k.unemployed_real[c])
                                                       : (free > 0 ? 1.0 : 0.0);
    const double h_train = seat_ratio / p.training_wait;
    r.p_leave_unemployed[c] = tick_probability(h_rehire + h_train, dt);
    r.rehire_share[c] = h_rehire + h_train > 0 ? h_rehire / (h_rehire + h_train) : 1.0;
    r.p_data_work_employed[c] =
        k.data_work_labour[c] > 0 ? std::min(1.0, k.data_work_allocation[c] / k.data_work_labour[c])
                                  : 0.0;
  }
}

void workers_phase(const Params& params, World& world, const TickContext& ctx) {
  compute_worker_rates(params, world, ctx.dt);
  const WorkerRates& r = world.worker_rates;
  const sim::Philox rng(world.member_seed);
  const auto tick = static_cast<std::uint32_t>(ctx.tick);
  Workers& w = world.workers;
  const auto months_step = static_cast<std::uint8_t>(r.months_per_tick);

  tbb::parallel_for(std::size_t{0}, world.worker_blocks.size(), [&](std::size_t b) {
    const sim::Block blk = world.worker_blocks[b];
    const std::uint32_t c = blk.group;
    const double p_online = r.p_online[c], p_use = r.p_use[c], p_displace = r.p_displace[c];
    const double p_leave = r.p_leave_unemployed[c], rehire_share = r.rehire_share[c];
    const double p_data = r.p_data_work_employed[c];
    WorkerTally t;
    for (std::uint32_t i = blk.begin; i < blk.end; ++i) {
      const sim::Uniform4 u = rng(i, tick, kPurposeWorker);
      std::uint8_t online = w.online[i], uses = w.uses_ai[i], youth = w.youth[i];
      std::uint8_t occupation = w.occupation[i], status = w.status[i], skilled = w.ai_skill[i];
      std::uint8_t months = w.months_in_status[i];
      // Online and use are exclusive steps within a tick, so they share one uniform.
      if (!online) {
        online = u[0] < p_online;
      } else if (!uses) {
        uses = u[0] < p_use;
      }
      if (youth && u[1] < r.p_youth_exit) youth = 0;

      const std::uint8_t before = status;
      if (occupation == kDataWork) {
        // Data workers are employed as far as the country's allocation reaches.
        status = u[2] < p_data ? kEmployed : kUnemployed;
      } else if (status == kEmployed) {
        if (occupation == kExposedSubstitutable && u[2] < p_displace) status = kUnemployed;
      } else if (status == kUnemployed) {
        if (u[2] < p_leave) status = u[3] < rehire_share ? kEmployed : kTraining;
      } else if (months + months_step >= r.training_months) {
        // Training ends: AI skill gained; a move to a sheltered occupation with some success.
        skilled = 1;
        const sim::Uniform4 v = rng(i, tick, kPurposeWorkerBranch);
        if (v[0] < r.retrain_success) {
          occupation = w.skill[i] == kLowSkill ? kNotExposed : kExposedComplementary;
        }
        status = kUnemployed;
      }
      months =
          status != before ? 0 : static_cast<std::uint8_t>(std::min(255, months + months_step));

      w.online[i] = online;
      w.uses_ai[i] = uses;
      w.youth[i] = youth;
      w.occupation[i] = occupation;
      w.status[i] = status;
      w.ai_skill[i] = skilled;
      w.months_in_status[i] = months;

      const std::uint8_t skill = w.skill[i], sex = w.sex[i];
      t.online += online;
      t.users += uses;
      t.youth += youth;
      t.youth_users += youth & uses;
      t.ai_skilled += skilled;
      ++t.by_sex[sex];
      t.users_by_sex[sex] += uses;
      ++t.by_skill[skill];
      if (status == kEmployed) {
        ++t.employed_by_sex[sex];
        ++t.employed_by_occupation[occupation];
        ++t.employed_by_skill[skill];
        if (occupation == kDataWork) {
          ++t.data_employed;
        } else {
          const int complementary_user = occupation == kExposedComplementary && uses;
          ++t.wage_cell[skill * 4 + complementary_user * 2 + skilled];
        }
      } else if (status == kUnemployed) {
        ++t.unemployed_by_sex[sex];
        ++t.unemployed_by_skill[skill];
        if (occupation != kDataWork) ++t.unemployed_non_data;
      } else {
        ++t.training;
      }
      t.data_workers += occupation == kDataWork;
    }
    world.worker_tallies[b] = t;
  });
}

}  // namespace models
