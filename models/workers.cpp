// Phase 6, workers (parallel): going online, AI use, youth, displacement, training, re-employment
// and data work (MODEL.md section 7, "Workers").

#include <algorithm>
#include <array>
#include <cmath>
#include <span>

#include "models/phases.hpp"
#include "models/provider_reach.hpp"
#include "models/purposes.hpp"
#include "models/worker_rates.hpp"
#include "sim/isa.hpp"
#include "sim/lane_masks.hpp"
#include "sim/parallel.hpp"
#include "sim/rng.hpp"
#include "sim/rng_batch.hpp"

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

namespace {

// The tally of a block is a histogram of the workers' states after the update: one increment
// per worker instead of a dozen data-dependent counter updates, folded into a WorkerTally once
// per block. A cell packs status (2 bits), occupation (2), skill (2), sex, uses_ai, ai_skill and
// youth (1 each); `online` is summed apart.
constexpr int kCellBits = 10;
constexpr int kCells = 1 << kCellBits;

AIDIVIDE_KERNEL_INLINE std::uint16_t cell_of(std::uint8_t status, std::uint8_t occupation,
                                             std::uint8_t skill, std::uint8_t sex,
                                             std::uint8_t uses, std::uint8_t skilled,
                                             std::uint8_t youth) {
  return static_cast<std::uint16_t>(status | occupation << 2 | skill << 4 | sex << 6 | uses << 7 |
                                    skilled << 8 | youth << 9);
}

void fold_cells(std::span<const std::uint32_t, kCells> cells, WorkerTally& t) {
  for (int code = 0; code < kCells; ++code) {
    const std::uint32_t n = cells[code];
    if (n == 0) continue;
    const int status = code & 3, occupation = code >> 2 & 3, skill = code >> 4 & 3;
    const int sex = code >> 6 & 1, uses = code >> 7 & 1, skilled = code >> 8 & 1;
    const int youth = code >> 9 & 1;
    t.users += uses * n;
    t.youth += youth * n;
    t.youth_users += (youth & uses) * n;
    t.ai_skilled += skilled * n;
    t.by_sex[sex] += n;
    t.users_by_sex[sex] += uses * n;
    t.by_skill[skill] += n;
    t.data_workers += (occupation == kDataWork) * n;
    if (uses) t.users_by_depth_cell[(occupation != kNotExposed) << 1 | skilled] += n;
    if (status == kEmployed) {
      t.employed_all += n;
      t.employed_by_use[((occupation * kSkills + skill) * 2 + (uses ^ 1)) * 2 + skilled] += n;
      t.employed_by_sex[sex] += n;
      t.employed_by_occupation[occupation] += n;
      t.employed_by_skill[skill] += n;
      if (occupation == kDataWork) {
        t.data_employed += n;
      } else {
        const int complementary_user = occupation == kExposedComplementary && uses;
        t.wage_cell[skill * 4 + complementary_user * 2 + skilled] += n;
      }
    } else if (status == kUnemployed) {
      t.unemployed_all += n;
      t.unemployed_by_sex[sex] += n;
      t.unemployed_by_skill[skill] += n;
      if (occupation != kDataWork) {
        t.unemployed_non_data += n;
        t.unemployed_by_group[(sex == kFemale) | youth << 1 | (skill == kLowSkill) << 2] += n;
      }
    } else {
      t.training += n;
    }
  }
}

// A country's per-tick probabilities as exact integer thresholds on the draw bits.
struct WorkerThresholds {
  sim::Threshold online, youth_exit, displace, leave, rehire, data;
  // Unemployed in the country's soft_capacity priority groups (mask `priority`, 0 for none).
  sim::Threshold leave_priority, rehire_priority;
  std::uint8_t priority;
  // Model v2: churn of users; hiring (rehire or new task) among those who leave unemployment;
  // the AI-skilled unemployed (M7).
  sim::Threshold churn, hire, hire_priority, leave_trained, rehire_trained;
  // M1: the start of use by propensity class (skill << 2 | youth << 1 | exposed).
  sim::Threshold use[kUseClasses];
};

AIDIVIDE_KERNEL_INLINE std::uint8_t below(std::uint32_t bits, sim::Threshold t) {
  return static_cast<std::uint8_t>((bits < t.limit) | t.always);
}

// 0xFF where `condition` holds, else 0: selects as bit operations, which vectorise.
AIDIVIDE_KERNEL_INLINE std::uint8_t mask(bool condition) {
  return static_cast<std::uint8_t>(-condition);
}

// Every transition of MODEL.md section 7 for n <= kBatch workers, as selects on bytes so that
// the loop runs on vector lanes. trained[l] flags the rare end of a training, whose occupation
// move needs a draw of its own (done by the caller). kPriority: the country has soft_capacity
// priority groups, whose unemployed leave unemployment with their own thresholds (same draws).
template <bool kPriority>
AIDIVIDE_KERNEL_INLINE void update_batch(
    const WorkerThresholds& th, std::uint8_t months_step, std::uint8_t training_months,
    const sim::UniformBatch& u, std::uint32_t n, std::uint8_t* __restrict online_col,
    std::uint8_t* __restrict uses_col, std::uint8_t* __restrict youth_col,
    std::uint8_t* __restrict occupation_col, std::uint8_t* __restrict status_col,
    std::uint8_t* __restrict skilled_col, std::uint8_t* __restrict months_col,
    const std::uint8_t* __restrict sex_col, const std::uint8_t* __restrict skill_col,
    std::uint8_t* __restrict trained) {
  const std::uint8_t women = th.priority & kPriorityWomen ? 1 : 0;
  const std::uint8_t youths = th.priority & kPriorityYouth ? 1 : 0;
  const std::uint8_t low_skilled = th.priority & kPriorityLowSkilled ? 1 : 0;
  // A local copy of the class thresholds: the compiler then knows the column stores leave them.
  sim::Threshold use[kUseClasses];
  for (int c = 0; c < kUseClasses; ++c) use[c] = th.use[c];
  for (std::uint32_t l = 0; l < n; ++l) {
    const std::uint8_t online = online_col[l], uses = uses_col[l], youth = youth_col[l];
    const std::uint8_t occupation = occupation_col[l], status = status_col[l];
    const std::uint8_t months = months_col[l];
    // Going online, starting and stopping use are exclusive steps within a tick (offline,
    // online non-user, user), so they share one uniform.
    online_col[l] = online | below(u.bits[0][l], th.online);
    // M1: the start of use compared with all twelve class thresholds (loop invariants), the
    // worker's class selected by byte masks: a table lookup per lane would not vectorise.
    const std::uint8_t low = mask(skill_col[l] == kLowSkill);
    const std::uint8_t mid = mask(skill_col[l] == kMidSkill);
    const std::uint8_t high = static_cast<std::uint8_t>(~(low | mid));
    const std::uint8_t young = mask(youth != 0);
    const std::uint8_t exposed = mask(occupation != kNotExposed);
    const auto start_in = [&](int y, int e) {
      const int c = y << 1 | e;
      return static_cast<std::uint8_t>(((below(u.bits[0][l], use[c]) & low) |
                                        (below(u.bits[0][l], use[4 + c]) & mid) |
                                        (below(u.bits[0][l], use[8 + c]) & high)) &
                                       (y ? young : ~young) & (e ? exposed : ~exposed));
    };
    const std::uint8_t starts =
        online & (uses ^ 1) & (start_in(0, 0) | start_in(0, 1) | start_in(1, 0) | start_in(1, 1));
    const std::uint8_t stops = uses & below(u.bits[0][l], th.churn);
    uses_col[l] = static_cast<std::uint8_t>((uses & (stops ^ 1)) | starts);
    youth_col[l] = youth & (below(u.bits[1][l], th.youth_exit) ^ 1);
    // months + step, saturating at 255.
    const auto sum = static_cast<std::uint8_t>(months + months_step);
    const std::uint8_t stepped = sum | mask(sum < months);
    const std::uint8_t is_data = occupation == kDataWork;
    const std::uint8_t displaced = (status == kEmployed) & (occupation == kExposedSubstitutable) &
                                   below(u.bits[2][l], th.displace);
    std::uint8_t leave_draw = below(u.bits[2][l], th.leave);
    std::uint8_t rehire_draw = below(u.bits[3][l], th.rehire);
    std::uint8_t hire_draw = below(u.bits[3][l], th.hire);
    if constexpr (kPriority) {
      // The worker's group as of the start of the tick.
      const std::uint8_t in_group = mask(((sex_col[l] == kFemale) & women) | (youth & youths) |
                                         ((skill_col[l] == kLowSkill) & low_skilled));
      leave_draw = static_cast<std::uint8_t>((leave_draw & ~in_group) |
                                             (below(u.bits[2][l], th.leave_priority) & in_group));
      rehire_draw = static_cast<std::uint8_t>((rehire_draw & ~in_group) |
                                              (below(u.bits[3][l], th.rehire_priority) & in_group));
      hire_draw = static_cast<std::uint8_t>((hire_draw & ~in_group) |
                                            (below(u.bits[3][l], th.hire_priority) & in_group));
    }
    // M7: the AI-skilled unemployed (after training) are hired at their own rate, never trained.
    const std::uint8_t trained_before = mask(skilled_col[l] != 0);
    leave_draw = static_cast<std::uint8_t>(
        (leave_draw & ~trained_before) | (below(u.bits[2][l], th.leave_trained) & trained_before));
    rehire_draw =
        static_cast<std::uint8_t>((rehire_draw & ~trained_before) |
                                  (below(u.bits[3][l], th.rehire_trained) & trained_before));
    hire_draw = static_cast<std::uint8_t>(hire_draw | (1 & trained_before));
    const std::uint8_t leaves = (status == kUnemployed) & leave_draw;
    const std::uint8_t done = (status == kTraining) & (stepped >= training_months) & (is_data ^ 1);
    // A displaced worker becomes unemployed; an unemployed one who leaves is rehired (kEmployed)
    // or enters training (kTraining); a finished training leaves the worker unemployed and
    // AI-skilled; data workers are employed as far as the country's allocation reaches.
    static_assert(kEmployed == 0 && kUnemployed == 1 && kTraining == 2);
    // Hired (rehire or new task): employed; otherwise training.
    const std::uint8_t after_leave = static_cast<std::uint8_t>((hire_draw ^ 1) << 1);
    // A new task (hired, not rehired) moves the worker into exposed-complementary work.
    const std::uint8_t new_task = leaves & hire_draw & (rehire_draw ^ 1) & (is_data ^ 1);
    const std::uint8_t data_status = below(u.bits[2][l], th.data) ^ 1;
    std::uint8_t next = status;
    next = static_cast<std::uint8_t>((next & ~mask(displaced | done)) |
                                     (kUnemployed & mask(displaced | done)));
    next = static_cast<std::uint8_t>((next & ~mask(leaves)) | (after_leave & mask(leaves)));
    next = static_cast<std::uint8_t>((next & ~mask(is_data)) | (data_status & mask(is_data)));
    status_col[l] = next;
    occupation_col[l] = static_cast<std::uint8_t>((occupation & ~mask(new_task)) |
                                                  (kExposedComplementary & mask(new_task)));
    skilled_col[l] = skilled_col[l] | done;
    months_col[l] = stepped & mask(next == status);
    trained[l] = done;
  }
}

// The histogram cell of each of n workers after the update; returns how many are online.
AIDIVIDE_KERNEL_INLINE std::uint32_t cell_batch(
    std::uint32_t n, const std::uint8_t* __restrict status_col,
    const std::uint8_t* __restrict occupation_col, const std::uint8_t* __restrict skill_col,
    const std::uint8_t* __restrict sex_col, const std::uint8_t* __restrict uses_col,
    const std::uint8_t* __restrict skilled_col, const std::uint8_t* __restrict youth_col,
    const std::uint8_t* __restrict online_col, std::uint16_t* __restrict code) {
  std::uint32_t online = 0;
  for (std::uint32_t l = 0; l < n; ++l) {
    code[l] = cell_of(status_col[l], occupation_col[l], skill_col[l], sex_col[l], uses_col[l],
                      skilled_col[l], youth_col[l]);
    online += online_col[l];
  }
  return online;
}

// What one block of workers needs: its range, its country's thresholds and the columns.
struct WorkerBlockArgs {
  sim::Block block;
  WorkerThresholds th;
  sim::Threshold retrain;
  std::uint64_t seed;
  std::uint32_t tick;
  std::uint8_t months_step, training_months;
  Workers* workers;
};

// Distinct columns: __restrict lets the compiler keep byte stores from aliasing the loads.
struct WorkerColumns {
  std::uint8_t* __restrict online;
  std::uint8_t* __restrict uses;
  std::uint8_t* __restrict youth;
  std::uint8_t* __restrict occupation;
  std::uint8_t* __restrict status;
  std::uint8_t* __restrict skilled;
  std::uint8_t* __restrict months;
  const std::uint8_t* __restrict skill;
  const std::uint8_t* __restrict sex;
};

AIDIVIDE_KERNEL_INLINE WorkerColumns columns_of(Workers& w) {
  return {w.online.data(),           w.uses_ai.data(), w.youth.data(),
          w.occupation.data(),       w.status.data(),  w.ai_skill.data(),
          w.months_in_status.data(), w.skill.data(),   w.sex.data()};
}

// Training ends for the n workers from `first` flagged in `trained`: a move to a sheltered
// occupation with probability retrain_success (a draw of its own, rare).
AIDIVIDE_KERNEL_INLINE void finish_training(const WorkerBlockArgs& a, const WorkerColumns& col,
                                            std::uint32_t first, std::uint32_t n,
                                            const std::uint8_t* trained) {
  std::uint8_t any_trained = 0;
  for (std::uint32_t l = 0; l < n; ++l) any_trained |= trained[l];
  if (!any_trained) return;
  const sim::Philox rng(a.seed);
  for (std::uint32_t l = 0; l < n; ++l) {
    if (!trained[l]) continue;
    const std::uint32_t i = first + l;
    const sim::Uniform4 v = rng(i, a.tick, kPurposeWorkerBranch);
    if (v.bits[0] < a.retrain.limit || a.retrain.always) {
      col.occupation[i] = col.skill[i] == kLowSkill ? kNotExposed : kExposedComplementary;
    }
  }
}

// Advances one block of workers by one tick and returns its tally (generic kernels).
WorkerTally worker_block_generic(const WorkerBlockArgs& a) {
  const WorkerColumns col = columns_of(*a.workers);
  const sim::Block blk = a.block;
  std::array<std::uint32_t, 4 * kCells> cells{};
  std::uint32_t online_total = 0;
  sim::UniformBatch u;
  alignas(64) std::uint8_t trained[sim::kBatch];
  alignas(64) std::uint16_t code[sim::kBatch];
  for (std::uint32_t first = blk.begin; first < blk.end; first += sim::kBatch) {
    const std::uint32_t n = std::min(sim::kBatch, blk.end - first);
    sim::philox_batch(a.seed, first, a.tick, kPurposeWorker, 0, u);
    if (a.th.priority) {
      update_batch<true>(a.th, a.months_step, a.training_months, u, n, col.online + first,
                         col.uses + first, col.youth + first, col.occupation + first,
                         col.status + first, col.skilled + first, col.months + first,
                         col.sex + first, col.skill + first, trained);
    } else {
      update_batch<false>(a.th, a.months_step, a.training_months, u, n, col.online + first,
                          col.uses + first, col.youth + first, col.occupation + first,
                          col.status + first, col.skilled + first, col.months + first,
                          col.sex + first, col.skill + first, trained);
    }
    finish_training(a, col, first, n, trained);
    online_total += cell_batch(n, col.status + first, col.occupation + first, col.skill + first,
                               col.sex + first, col.uses + first, col.skilled + first,
                               col.youth + first, col.online + first, code);
    // Four interleaved histograms: consecutive workers often share a cell, and increments of
    // one counter would wait on each other's stores.
    for (std::uint32_t l = 0; l < n; ++l) ++cells[(l & 3) * kCells + code[l]];
  }
  for (int k = 0; k < kCells; ++k) {
    cells[k] += cells[kCells + k] + cells[2 * kCells + k] + cells[3 * kCells + k];
  }
  WorkerTally t;
  t.online = online_total;
  fold_cells(std::span<const std::uint32_t, kCells>(cells.data(), kCells), t);
  return t;
}

// The wide kernels' tally: counts of workers by the combinations the WorkerTally needs, each a
// popcount of an AND of 64-lane masks. The histogram of the generic kernels cost an increment
// in memory per worker (a third of the wide worker loop once the update was vectorised) and a
// fold of 1024 cells per block; these counts are the same integers (to_tally).
struct MaskCounts {
  std::uint32_t online = 0, users = 0, youth = 0, youth_users = 0, ai_skilled = 0;
  std::uint32_t female = 0, female_users = 0, low = 0, mid = 0, all = 0, data_workers = 0;
  std::uint32_t training = 0, unemployed = 0, unemployed_female = 0, unemployed_low = 0;
  std::uint32_t unemployed_mid = 0, employed_female = 0;
  std::array<std::uint32_t, 4> users_by_depth_cell{};
  std::array<std::uint32_t, kPriorityGroups> unemployed_by_group{};
  std::array<std::uint32_t, kOccupations * kSkills * 4> employed_by_use{};
};

// The WorkerTally of fold_cells from the counts of MaskCounts.
WorkerTally to_tally(const MaskCounts& c) {
  WorkerTally t;
  t.online = c.online;
  t.users = c.users;
  t.youth = c.youth;
  t.youth_users = c.youth_users;
  t.ai_skilled = c.ai_skilled;
  t.by_sex[kFemale] = c.female;
  t.by_sex[kMale] = c.all - c.female;
  t.users_by_sex[kFemale] = c.female_users;
  t.users_by_sex[kMale] = c.users - c.female_users;
  t.by_skill[kLowSkill] = c.low;
  t.by_skill[kMidSkill] = c.mid;
  t.by_skill[kHighSkill] = c.all - c.low - c.mid;
  t.data_workers = c.data_workers;
  t.users_by_depth_cell = c.users_by_depth_cell;
  t.employed_by_use = c.employed_by_use;
  for (int o = 0; o < kOccupations; ++o) {
    for (int s = 0; s < kSkills; ++s) {
      for (int uses = 0; uses < 2; ++uses) {
        for (int skilled = 0; skilled < 2; ++skilled) {
          const std::uint32_t n =
              c.employed_by_use[((o * kSkills + s) * 2 + (uses ^ 1)) * 2 + skilled];
          t.employed_all += n;
          t.employed_by_occupation[o] += n;
          t.employed_by_skill[s] += n;
          if (o == kDataWork) {
            t.data_employed += n;
          } else {
            const int complementary_user = o == kExposedComplementary && uses;
            t.wage_cell[s * 4 + complementary_user * 2 + skilled] += n;
          }
        }
      }
    }
  }
  t.employed_by_sex[kFemale] = c.employed_female;
  t.employed_by_sex[kMale] = t.employed_all - c.employed_female;
  t.unemployed_all = c.unemployed;
  t.unemployed_by_sex[kFemale] = c.unemployed_female;
  t.unemployed_by_sex[kMale] = c.unemployed - c.unemployed_female;
  t.unemployed_by_skill[kLowSkill] = c.unemployed_low;
  t.unemployed_by_skill[kMidSkill] = c.unemployed_mid;
  t.unemployed_by_skill[kHighSkill] = c.unemployed - c.unemployed_low - c.unemployed_mid;
  t.unemployed_by_group = c.unemployed_by_group;
  for (const std::uint32_t n : c.unemployed_by_group) t.unemployed_non_data += n;
  t.training = c.training;
  return t;
}

#if AIDIVIDE_HAVE_WIDE_KERNELS
// GCC 12 reports its own AVX-512 headers' _mm512_undefined_epi32() as uninitialised use
// (GCC bug 105593, fixed in GCC 13).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

using sim::below64;
using sim::bytes_equal;
using sim::lanes;

// The wide kernel of the workers: update_batch with AVX-512 intrinsics, every test one bit per
// lane of a 64-bit mask and the columns read and written as 64 bytes at once. GCC's
// vectorisation of update_batch turned each 32-bit comparison into a byte vector through
// broadcasts, narrowing moves and inserts, and compared every draw with all twelve use-class
// thresholds; here each lane's class threshold is picked by a permute (16 classes fit one
// register) and compared once. The same tests as update_batch, so the same bits
// (Cli.DeterministicAcrossKernelVariants); like it, it relies on the boolean columns holding 0
// or 1. These functions are called only from worker_block_wide, which has their target.

// The class thresholds of a country as permute tables: limits, and -1 where `always`.
struct UseTable {
  __m512i limit, always;
  bool any_always;
};

AIDIVIDE_TARGET_WIDE inline UseTable use_table(const WorkerThresholds& th) {
  alignas(64) std::uint32_t limit[kUseClasses];
  alignas(64) std::uint32_t always[kUseClasses];
  bool any = false;
  for (int c = 0; c < kUseClasses; ++c) {
    limit[c] = th.use[c].limit;
    always[c] = th.use[c].always ? ~0u : 0u;
    any = any || th.use[c].always;
  }
  return {_mm512_load_si512(limit), _mm512_load_si512(always), any};
}

// One bit per lane of the G-th group of 16: the start-of-use draw below the threshold of the
// lane's class. G is a template argument because the extract takes an immediate, which an
// unoptimised build does not get from a loop counter.
template <int G>
AIDIVIDE_TARGET_WIDE inline __mmask16 below_in_group(const std::uint32_t* bits, __m512i cls,
                                                     const UseTable& table) {
  const __m512i idx = _mm512_cvtepu8_epi32(_mm512_extracti32x4_epi32(cls, G));
  __mmask16 m = _mm512_cmplt_epu32_mask(_mm512_load_si512(bits + 16 * G),
                                        _mm512_permutexvar_epi32(idx, table.limit));
  if (table.any_always) {
    const __m512i always = _mm512_permutexvar_epi32(idx, table.always);
    m = static_cast<__mmask16>(m | _mm512_test_epi32_mask(always, always));
  }
  return m;
}

// One bit per lane: the start-of-use draw below the threshold of the lane's class (cls, bytes).
AIDIVIDE_TARGET_WIDE inline __mmask64 below_by_class(const std::uint32_t* bits, __m512i cls,
                                                     const UseTable& table) {
  return _mm512_kunpackd(
      _mm512_kunpackw(below_in_group<3>(bits, cls, table), below_in_group<2>(bits, cls, table)),
      _mm512_kunpackw(below_in_group<1>(bits, cls, table), below_in_group<0>(bits, cls, table)));
}

// Adds the workers of a batch to c, from their state after the update and the end of
// training: status and occupation as bytes, the booleans as masks (0 outside the live lanes).
// Like cell_of, it relies on valid states: skill 0 to 2, status 0 to 2.
AIDIVIDE_TARGET_WIDE inline void count_batch_wide(__mmask64 live, __m512i status,
                                                  __m512i occupation, __m512i skill, __m512i sex,
                                                  __mmask64 is_online, __mmask64 is_user,
                                                  __mmask64 is_skilled, __mmask64 young,
                                                  MaskCounts& c) {
  const __mmask64 female = bytes_equal(sex, kFemale) & live;
  const __mmask64 by_skill[kSkills] = {bytes_equal(skill, kLowSkill) & live,
                                       bytes_equal(skill, kMidSkill) & live,
                                       bytes_equal(skill, kHighSkill) & live};
  __mmask64 by_occupation[kOccupations];
  for (int o = 0; o < kOccupations; ++o) by_occupation[o] = bytes_equal(occupation, o) & live;
  const __mmask64 employed = bytes_equal(status, kEmployed) & live;
  const __mmask64 unemployed = bytes_equal(status, kUnemployed) & live;
  const __mmask64 exposed = live & ~by_occupation[kNotExposed];

  c.online += lanes(is_online);
  c.users += lanes(is_user);
  c.youth += lanes(young);
  c.youth_users += lanes(young & is_user);
  c.ai_skilled += lanes(is_skilled);
  c.female += lanes(female);
  c.female_users += lanes(female & is_user);
  c.low += lanes(by_skill[kLowSkill]);
  c.mid += lanes(by_skill[kMidSkill]);
  c.all += lanes(live);
  c.data_workers += lanes(by_occupation[kDataWork]);
  c.users_by_depth_cell[0] += lanes(is_user & ~exposed & ~is_skilled);
  c.users_by_depth_cell[1] += lanes(is_user & ~exposed & is_skilled);
  c.users_by_depth_cell[2] += lanes(is_user & exposed & ~is_skilled);
  c.users_by_depth_cell[3] += lanes(is_user & exposed & is_skilled);
  c.training += lanes(live & ~employed & ~unemployed);
  c.unemployed += lanes(unemployed);
  c.unemployed_female += lanes(unemployed & female);
  c.unemployed_low += lanes(unemployed & by_skill[kLowSkill]);
  c.unemployed_mid += lanes(unemployed & by_skill[kMidSkill]);
  // Group g = female | youth << 1 | low skill << 2, outside data work.
  const __mmask64 groups = unemployed & ~by_occupation[kDataWork];
  if (groups) {
    for (int g = 0; g < kPriorityGroups; ++g) {
      const __mmask64 m = groups & (g & 1 ? female : ~female) & (g & 2 ? young : ~young) &
                          (g & 4 ? by_skill[kLowSkill] : ~by_skill[kLowSkill]);
      c.unemployed_by_group[g] += lanes(m);
    }
  }
  c.employed_female += lanes(employed & female);
  // Employed by (occupation, skill, user, AI-skilled), index as in fold_cells; empty
  // combinations (most occupation-skill pairs of a batch have no AI-skilled) are skipped.
  for (int o = 0; o < kOccupations; ++o) {
    const __mmask64 eo = employed & by_occupation[o];
    if (!eo) continue;
    for (int s = 0; s < kSkills; ++s) {
      const __mmask64 eos = eo & by_skill[s];
      if (!eos) continue;
      std::uint32_t* cell = &c.employed_by_use[(o * kSkills + s) * 4];
      const std::uint32_t user = lanes(eos & is_user), all = lanes(eos);
      if (eos & is_skilled) {
        const std::uint32_t user_skilled = lanes(eos & is_user & is_skilled);
        const std::uint32_t skilled_all = lanes(eos & is_skilled);
        cell[0] += user - user_skilled;                        // user, not AI-skilled
        cell[1] += user_skilled;                               // user, AI-skilled
        cell[2] += all - user - (skilled_all - user_skilled);  // non-user, not AI-skilled
        cell[3] += skilled_all - user_skilled;                 // non-user, AI-skilled
      } else {
        cell[0] += user;
        cell[2] += all - user;
      }
    }
  }
}

// Advances the n workers from `first` by one tick and adds them to c.
AIDIVIDE_TARGET_WIDE inline void advance_batch_wide(const WorkerBlockArgs& a,
                                                    const WorkerColumns& col, std::uint32_t first,
                                                    std::uint32_t n, const sim::UniformBatch& u,
                                                    const UseTable& use, MaskCounts& c) {
  const WorkerThresholds& th = a.th;
  static_assert(sim::kBatch == 64);
  static_assert(kEmployed == 0 && kUnemployed == 1 && kTraining == 2);
  const __mmask64 live = n >= 64 ? ~__mmask64{0} : (__mmask64{1} << n) - 1;
  const __m512i online = _mm512_maskz_loadu_epi8(live, col.online + first);
  const __m512i uses = _mm512_maskz_loadu_epi8(live, col.uses + first);
  const __m512i youth = _mm512_maskz_loadu_epi8(live, col.youth + first);
  const __m512i occupation = _mm512_maskz_loadu_epi8(live, col.occupation + first);
  const __m512i status = _mm512_maskz_loadu_epi8(live, col.status + first);
  const __m512i skilled = _mm512_maskz_loadu_epi8(live, col.skilled + first);
  const __m512i months = _mm512_maskz_loadu_epi8(live, col.months + first);
  const __m512i sex = _mm512_maskz_loadu_epi8(live, col.sex + first);
  const __m512i skill = _mm512_maskz_loadu_epi8(live, col.skill + first);
  const __m512i one = _mm512_set1_epi8(1);

  const __mmask64 is_online = _mm512_test_epi8_mask(online, online);
  const __mmask64 is_user = _mm512_test_epi8_mask(uses, uses);
  const __mmask64 young = _mm512_test_epi8_mask(youth, youth);
  const __mmask64 exposed = ~bytes_equal(occupation, kNotExposed);
  const __mmask64 is_data = bytes_equal(occupation, kDataWork);
  // Going online, starting and stopping use share word 0 (update_batch).
  const __mmask64 goes_online = below64(u.bits[0], th.online);
  // M1: class = skill << 2 | youth << 1 | exposed, skill above mid counted as high.
  const __m512i cls =
      _mm512_or_si512(_mm512_slli_epi16(_mm512_min_epu8(skill, _mm512_set1_epi8(kHighSkill)), 2),
                      _mm512_or_si512(_mm512_maskz_mov_epi8(young, _mm512_set1_epi8(2)),
                                      _mm512_maskz_mov_epi8(exposed, one)));
  const __mmask64 starts = is_online & ~is_user & below_by_class(u.bits[0], cls, use);
  const __mmask64 stops = is_user & below64(u.bits[0], th.churn);
  const __mmask64 uses_next = (is_user & ~stops) | starts;
  const __mmask64 youth_next = young & ~below64(u.bits[1], th.youth_exit);

  const __m512i stepped =
      _mm512_adds_epu8(months, _mm512_set1_epi8(static_cast<char>(a.months_step)));
  const __mmask64 displaced = bytes_equal(status, kEmployed) &
                              bytes_equal(occupation, kExposedSubstitutable) &
                              below64(u.bits[2], th.displace);
  __mmask64 leave_draw = below64(u.bits[2], th.leave);
  __mmask64 rehire_draw = below64(u.bits[3], th.rehire);
  __mmask64 hire_draw = below64(u.bits[3], th.hire);
  if (th.priority) {
    // The worker's group as of the start of the tick.
    const __mmask64 in_group =
        (th.priority & kPriorityWomen ? bytes_equal(sex, kFemale) : 0) |
        (th.priority & kPriorityYouth ? young : 0) |
        (th.priority & kPriorityLowSkilled ? bytes_equal(skill, kLowSkill) : 0);
    leave_draw = (leave_draw & ~in_group) | (below64(u.bits[2], th.leave_priority) & in_group);
    rehire_draw = (rehire_draw & ~in_group) | (below64(u.bits[3], th.rehire_priority) & in_group);
    hire_draw = (hire_draw & ~in_group) | (below64(u.bits[3], th.hire_priority) & in_group);
  }
  // M7: the AI-skilled unemployed (after training) are hired at their own rate, never trained.
  const __mmask64 trained_before = _mm512_test_epi8_mask(skilled, skilled);
  leave_draw =
      (leave_draw & ~trained_before) | (below64(u.bits[2], th.leave_trained) & trained_before);
  rehire_draw =
      (rehire_draw & ~trained_before) | (below64(u.bits[3], th.rehire_trained) & trained_before);
  hire_draw |= trained_before;
  const __mmask64 leaves = bytes_equal(status, kUnemployed) & leave_draw;
  const __mmask64 done =
      bytes_equal(status, kTraining) &
      _mm512_cmpge_epu8_mask(stepped, _mm512_set1_epi8(static_cast<char>(a.training_months))) &
      ~is_data;
  const __mmask64 new_task = leaves & hire_draw & ~rehire_draw & ~is_data;
  const __mmask64 data_employed = below64(u.bits[2], th.data);

  __m512i next = _mm512_mask_mov_epi8(status, displaced | done, one);
  next = _mm512_mask_mov_epi8(next, leaves, _mm512_maskz_mov_epi8(~hire_draw, _mm512_set1_epi8(2)));
  next = _mm512_mask_mov_epi8(next, is_data, _mm512_maskz_mov_epi8(~data_employed, one));

  const __mmask64 online_next = (is_online | goes_online) & live;
  const __mmask64 skilled_next = (trained_before | done) & live;
  const __m512i occupation_next =
      _mm512_mask_mov_epi8(occupation, new_task, _mm512_set1_epi8(kExposedComplementary));
  _mm512_mask_storeu_epi8(col.online + first, live, _mm512_maskz_mov_epi8(online_next, one));
  _mm512_mask_storeu_epi8(col.uses + first, live, _mm512_maskz_mov_epi8(uses_next, one));
  _mm512_mask_storeu_epi8(col.youth + first, live, _mm512_maskz_mov_epi8(youth_next, one));
  _mm512_mask_storeu_epi8(col.status + first, live, next);
  _mm512_mask_storeu_epi8(col.occupation + first, live, occupation_next);
  _mm512_mask_storeu_epi8(col.skilled + first, live, _mm512_maskz_mov_epi8(skilled_next, one));
  _mm512_mask_storeu_epi8(col.months + first, live,
                          _mm512_maskz_mov_epi8(_mm512_cmpeq_epi8_mask(next, status), stepped));
  // The state is counted from the registers: reading the columns back would wait for the
  // masked stores to retire (they do not forward to loads). Only the rare end of a training
  // changes an occupation afterwards.
  if (done & live) {
    alignas(64) std::uint8_t trained[sim::kBatch];
    _mm512_store_si512(trained, _mm512_maskz_mov_epi8(done & live, one));
    finish_training(a, col, first, n, trained);
    count_batch_wide(live, next, _mm512_maskz_loadu_epi8(live, col.occupation + first), skill, sex,
                     online_next, uses_next, skilled_next, youth_next, c);
  } else {
    count_batch_wide(live, next, occupation_next, skill, sex, online_next, uses_next, skilled_next,
                     youth_next, c);
  }
}

constexpr std::uint32_t kPrefetchAhead = 2 * sim::kBatch;

AIDIVIDE_TARGET_WIDE WorkerTally worker_block_wide(const WorkerBlockArgs& a) {
  const WorkerColumns col = columns_of(*a.workers);
  const sim::Block blk = a.block;
  MaskCounts counts;
  const UseTable use = use_table(a.th);
  const std::array<const std::uint8_t*, 9> columns = {col.online,     col.uses,   col.youth,
                                                      col.occupation, col.status, col.skilled,
                                                      col.months,     col.skill,  col.sex};
  sim::UniformBatch u;
  for (std::uint32_t first = blk.begin; first < blk.end; first += sim::kBatch) {
    const std::uint32_t n = std::min(sim::kBatch, blk.end - first);
    // The columns of the batch after next, requested before Philox runs: the update stalled on
    // the first loads of each batch (the columns stream from beyond L2, nine of them), and
    // Philox's arithmetic hides the latency.
    for (const std::uint8_t* column : columns) {
      _mm_prefetch(reinterpret_cast<const char*>(column + first + kPrefetchAhead), _MM_HINT_T0);
    }
    sim::philox_batch_wide(a.seed, first, a.tick, kPurposeWorker, 0, u);
    advance_batch_wide(a, col, first, n, u, use, counts);
  }
  return to_tally(counts);
}
#pragma GCC diagnostic pop
#endif

}  // namespace

void workers_phase(const Params& params, World& world, const TickContext& ctx) {
  compute_worker_rates(params, world, ctx.dt);
  const WorkerRates& r = world.worker_rates;
  WorkerBlockArgs common{};
  common.retrain = sim::threshold(r.retrain_success);
  common.seed = world.member_seed;
  common.tick = static_cast<std::uint32_t>(ctx.tick);
  common.months_step = static_cast<std::uint8_t>(r.months_per_tick);
  common.training_months = static_cast<std::uint8_t>(r.training_months);
  common.workers = &world.workers;
  auto* run = &worker_block_generic;
#if AIDIVIDE_HAVE_WIDE_KERNELS
  if (sim::wide_kernels()) run = &worker_block_wide;
#endif

  sim::parallel_for(world.worker_blocks.size(), [&](std::size_t b) {
    WorkerBlockArgs a = common;
    a.block = world.worker_blocks[b];
    const std::uint32_t c = a.block.group;
    WorkerThresholds& th = a.th;
    th.online = sim::threshold(r.p_online[c]);
    th.youth_exit = sim::threshold(r.p_youth_exit);
    th.displace = sim::threshold(r.p_displace[c]);
    th.leave = sim::threshold(r.p_leave_unemployed[c]);
    th.rehire = sim::threshold(r.rehire_share[c]);
    th.data = sim::threshold(r.p_data_work_employed[c]);
    th.leave_priority = sim::threshold(r.p_leave_priority[c]);
    th.rehire_priority = sim::threshold(r.rehire_share_priority[c]);
    th.priority = world.countries.seat_priority[c];
    th.churn = sim::threshold(r.p_churn);
    th.hire = sim::threshold(r.hire_share[c]);
    th.hire_priority = sim::threshold(r.hire_share_priority[c]);
    th.leave_trained = sim::threshold(r.p_leave_trained[c]);
    th.rehire_trained = sim::threshold(r.rehire_share_trained[c]);
    for (int u = 0; u < kUseClasses; ++u) {
      th.use[u] = sim::threshold(r.p_use_class[c * kUseClasses + u]);
    }
    world.worker_tallies[b] = run(a);
  });
}

}  // namespace models
