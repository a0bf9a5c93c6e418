// Phase 6's per-country rates (MODEL.md section 7, "Workers"; M1, M2, M7): the probabilities and
// shares the worker kernels turn into thresholds, the depth of use and the data-work allocation.

#include "models/worker_rates.hpp"

#include <algorithm>
#include <cmath>

#include "models/phases.hpp"
#include "models/provider_reach.hpp"

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

namespace {

// M1's propensity m_i of a class (skill << 2 | youth << 1 | exposed), before the country term.
double use_multiplier(const WorkerParams& p, int use_class) {
  const std::array<double, kSkills> by_skill = {p.use_mult_low_skill, p.use_mult_mid_skill,
                                                p.use_mult_high_skill};
  const int skill = use_class >> 2;
  if (skill >= kSkills) return 0.0;
  return by_skill[skill] * (use_class & 2 ? p.use_mult_youth : 1.0) *
         (use_class & 1 ? p.use_mult_exposed : 1.0);
}

}  // namespace

double use_class_multiplier(const WorkerParams& p, int use_class) {
  return use_multiplier(p, use_class);
}

double potential_adopter_share(double potential, double users_among_online) {
  if (potential >= 1.0) return 1.0;
  if (users_among_online >= potential) return 0.0;
  return (potential - users_among_online) / (1.0 - users_among_online);
}

double tokens_per_heavy_user(const WorkerParams& p, double years_since_2023) {
  return std::pow(p.inference_demand_growth, years_since_2023);
}

double depth_price_factor(const WorkerParams& p, double spend_share) {
  return std::pow(1.0 + std::max(0.0, spend_share) / p.depth_budget_share,
                  -p.depth_price_elasticity);
}

void update_use_country_terms(const Params& params, World& world) {
  Countries& k = world.countries;
  for (int c = 0; c < k.n; ++c) {
    k.use_country_term[c] =
        std::pow(k.pillar[1][c], params.workers.use_hc_exponent) * world.globals.use_norm;
  }
}

void compute_depth_factors(const Params& params, World& world, double years_since_2023) {
  const WorkerParams& p = params.workers;
  Countries& k = world.countries;
  const double tokens = tokens_per_heavy_user(p, years_since_2023);
  for (int c = 0; c < k.n; ++c) {
    // M2: the price of heavy use over income; depth rises with the production share (t - 1).
    const double spend = p.heavy_use_spend_usd * heavy_use_price(params, world, c) * tokens;
    k.heavy_use_spend_share[c] = spend / k.gdp_per_capita_usd[c];
    k.depth_factor[c] = (1.0 + p.depth_production * k.production_share_output[c]) *
                        depth_price_factor(p, k.heavy_use_spend_share[c]);
  }
}

void compute_worker_rates(const Params& params, World& world, double dt) {
  const WorkerParams& p = params.workers;
  Countries& k = world.countries;
  const Globals& g = world.globals;
  WorkerRates& r = world.worker_rates;
  allocate_data_work(params, world);
  update_use_country_terms(params, world);
  compute_depth_factors(params, world, world.tick * dt);
  for (Column* col :
       {&r.p_online, &r.p_use, &r.p_displace, &r.p_leave_unemployed, &r.rehire_share,
        &r.p_data_work_employed, &r.p_leave_priority, &r.rehire_share_priority, &r.hire_share,
        &r.hire_share_priority, &r.p_leave_trained, &r.rehire_share_trained}) {
    col->resize(static_cast<std::size_t>(k.n));
  }
  r.p_use_class.resize(static_cast<std::size_t>(k.n) * kUseClasses);
  r.p_youth_exit = tick_probability(p.youth_exit, dt);
  r.p_churn = tick_probability(p.churn, dt);
  r.retrain_success = p.retrain_success;
  r.training_months = static_cast<int>(p.training_months);
  r.months_per_tick = static_cast<int>(params.time.months_per_tick);
  for (int c = 0; c < k.n; ++c) {
    r.p_online[c] = tick_probability(
        (k.internet_growth[c] + k.lever_internet_growth[c]) * k.internet_share[c], dt);
    // M1: use is free at the point of use, so no price and no readiness term; only the online
    // start, by local and global imitation, scaled by language, the person's propensity and the
    // share of potential adopters among the non-users.
    const double imitation =
        std::pow(best_language_fit(params, world, c), p.language_exponent) *
        (p.q_local * k.ai_user_share_online[c] + p.q_global * g.world_online_user_share) *
        k.use_country_term[c] * potential_adopter_share(p.use_potential, k.ai_user_share_online[c]);
    for (int u = 0; u < kUseClasses; ++u) {
      r.p_use_class[static_cast<std::size_t>(c) * kUseClasses + u] =
          tick_probability(use_multiplier(p, u) * imitation, dt);
    }
    // p_use: the probability of a mid-skill, not exposed, adult non-user (for reference).
    r.p_use[c] = r.p_use_class[static_cast<std::size_t>(c) * kUseClasses + (kMidSkill << 2)];
    r.p_displace[c] =
        tick_probability(p.displacement_rate * g.coverage * k.production_share_output[c] *
                             (1.0 - k.hria_protection[c]),
                         dt);
    // Unemployed: re-employment, new-task hiring (M7) and entry into training, competing risks.
    const double demand = std::clamp(1.0 + 10.0 * (k.gdp_growth[c] - 0.02), 0.2, 2.0);
    const double h_rehire = p.rehire_rate * demand;
    const double h_new = p.new_task_rate * g.coverage * k.production_share_output[c];
    // soft_capacity adds its seats per 1000 workers a year to seat_rate.
    const double seats =
        (p.seat_rate + k.seat_rate_add[c]) * k.labour_force[c] * p.training_months / 12.0;
    const double free = std::max(0.0, seats - k.in_training_real[c]);
    // Priority groups of soft_capacity get the free seats first, the others what is left.
    const std::uint8_t priority = k.seat_priority[c];
    double first = 0;  // unemployed in a priority group
    for (int q = 0; q < kPriorityGroups; ++q) {
      if (q & priority) first += k.unemployed_by_group_real[c * kPriorityGroups + q];
    }
    const double rest = k.unemployed_real[c] - first;
    const double free_rest = priority ? std::max(0.0, free - first) : free;
    const auto leave = [&](double seats_free, double unemployed, double& p_leave, double& share,
                           double& hire) {
      const double seat_ratio =
          unemployed > 0 ? std::min(1.0, seats_free / unemployed) : (seats_free > 0 ? 1.0 : 0.0);
      const double h_train = seat_ratio / p.training_wait;
      const double h = h_rehire + h_new + h_train;
      p_leave = tick_probability(h, dt);
      share = h > 0 ? h_rehire / h : 1.0;
      hire = h > 0 ? (h_rehire + h_new) / h : 1.0;
    };
    leave(free_rest, priority ? rest : k.unemployed_real[c], r.p_leave_unemployed[c],
          r.rehire_share[c], r.hire_share[c]);
    if (priority) {
      leave(free, first, r.p_leave_priority[c], r.rehire_share_priority[c],
            r.hire_share_priority[c]);
    } else {
      r.p_leave_priority[c] = r.p_leave_unemployed[c];
      r.rehire_share_priority[c] = r.rehire_share[c];
      r.hire_share_priority[c] = r.hire_share[c];
    }
    // M7: an AI-skilled unemployed worker (after training) returns to work at a raised hazard in
    // the occupation training moved them to, or takes a new task; no second training.
    const double h_trained = h_rehire * p.trained_rehire_factor;
    r.p_leave_trained[c] = tick_probability(h_trained + h_new, dt);
    r.rehire_share_trained[c] = h_trained + h_new > 0 ? h_trained / (h_trained + h_new) : 1.0;
    r.p_data_work_employed[c] =
        k.data_work_labour[c] > 0 ? std::min(1.0, k.data_work_allocation[c] / k.data_work_labour[c])
                                  : 0.0;
  }
}

}  // namespace models
