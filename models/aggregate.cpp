// Phase 7, aggregate: folds the agents' block tallies into country and world aggregates in a
// fixed order, so results do not depend on the thread count.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "models/phases.hpp"
#include "models/worker_rates.hpp"

namespace models {

namespace {

double ratio(double num, double den) { return den > 0 ? num / den : 0.0; }

// M2: the mean depth of the country's users and users x depth per worker (un-normalised).
void fold_use_depth(const Params& params, const WorkerTally& s, double n, Countries& k, int c) {
  const WorkerParams& p = params.workers;
  double depth_sum = 0;
  for (int cell = 0; cell < 4; ++cell) {
    depth_sum += s.users_by_depth_cell[cell] * (1.0 + p.depth_exposed * (cell >> 1)) *
                 (1.0 + p.depth_ai_skill * (cell & 1));
  }
  // A country without users has the depth its first (unexposed, unskilled) user would have.
  k.use_depth[c] = k.depth_factor[c] * (s.users > 0 ? depth_sum / s.users : 1.0);
  k.ai_use_intensity[c] = k.depth_factor[c] * depth_sum / n;  // normalised in aggregate_phase
}

// M7: mean wage of the employed by (occupation, skill, use), NaN where no one is employed.
void fold_wages_by_use(const Params& params, const WorkerTally& s, double mean_wage,
                       double coverage, Countries& k, int c) {
  const WorkerParams& p = params.workers;
  const std::array<double, kSkills> skill_base = {p.skill_base_low, p.skill_base_mid,
                                                  p.skill_base_high};
  const double data_wage = k.data_work_wage_usd[c];
  for (int o = 0; o < kOccupations; ++o) {
    for (int q = 0; q < kSkills; ++q) {
      for (int u = 0; u < kUses; ++u) {
        const int user = u == 0;
        double wages = 0, count = 0;
        for (int skilled = 0; skilled < 2; ++skilled) {
          const double cell = s.employed_by_use[employed_use_index(o, q, u, skilled)];
          const double wage = o == kDataWork
                                  ? data_wage
                                  : mean_wage * skill_base[q] *
                                        (1.0 + p.augment * coverage * k.mean_firm_gain[c] *
                                                   (o == kExposedComplementary && user)) *
                                        (1.0 + k.ai_skill_premium[c] * skilled);
          wages += cell * wage;
          count += cell;
        }
        k.mean_wage_usd_by_use[((c * kOccupations + o) * kSkills + q) * kUses + u] =
            count > 0 ? wages / count : std::numeric_limits<double>::quiet_NaN();
      }
    }
  }
}

void fold_workers(const Params& params, World& world) {
  Countries& k = world.countries;
  const WorkerParams& p = params.workers;
  std::vector<WorkerTally> sum(static_cast<std::size_t>(k.n));
  for (std::size_t b = 0; b < world.worker_blocks.size(); ++b) {
    const WorkerTally& t = world.worker_tallies[b];
    WorkerTally& s = sum[world.worker_blocks[b].group];
    s.online += t.online;
    s.users += t.users;
    s.youth += t.youth;
    s.youth_users += t.youth_users;
    s.ai_skilled += t.ai_skilled;
    s.training += t.training;
    s.unemployed_non_data += t.unemployed_non_data;
    for (int g = 0; g < kPriorityGroups; ++g) s.unemployed_by_group[g] += t.unemployed_by_group[g];
    s.data_workers += t.data_workers;
    s.data_employed += t.data_employed;
    for (int x = 0; x < kSexes; ++x) {
      s.by_sex[x] += t.by_sex[x];
      s.users_by_sex[x] += t.users_by_sex[x];
      s.employed_by_sex[x] += t.employed_by_sex[x];
      s.unemployed_by_sex[x] += t.unemployed_by_sex[x];
    }
    for (int o = 0; o < kOccupations; ++o)
      s.employed_by_occupation[o] += t.employed_by_occupation[o];
    for (int q = 0; q < kSkills; ++q) {
      s.by_skill[q] += t.by_skill[q];
      s.employed_by_skill[q] += t.employed_by_skill[q];
      s.unemployed_by_skill[q] += t.unemployed_by_skill[q];
    }
    for (std::size_t q = 0; q < t.wage_cell.size(); ++q) s.wage_cell[q] += t.wage_cell[q];
    for (std::size_t q = 0; q < t.users_by_depth_cell.size(); ++q) {
      s.users_by_depth_cell[q] += t.users_by_depth_cell[q];
    }
    for (std::size_t q = 0; q < t.employed_by_use.size(); ++q) {
      s.employed_by_use[q] += t.employed_by_use[q];
    }
    s.unemployed_all += t.unemployed_all;
    s.employed_all += t.employed_all;
  }
  const std::array<double, kSkills> skill_base = {p.skill_base_low, p.skill_base_mid,
                                                  p.skill_base_high};
  const double coverage = world.globals.coverage;
  double online_users = 0, online_all = 0;  // M1's u_world, reduced in country order
  for (int c = 0; c < k.n; ++c) {
    const WorkerTally& s = sum[c];
    const double n = k.worker_offset[c + 1] - k.worker_offset[c];
    // Real counts weigh each agent by the country's labour force per agent: the talent flow (M8)
    // moves the labour force, and the counts must add up to it.
    const double w = k.labour_force[c] / n;
    k.ai_user_share[c] = s.users / n;
    k.ai_user_share_youth[c] = ratio(s.youth_users, s.youth);
    // M8: AI-skilled workers weigh skilled_weight_factor times the others.
    const double skilled = s.ai_skilled * k.skilled_weight_factor[c];
    k.ai_skilled_share[c] = ratio(skilled, n - s.ai_skilled + skilled);
    fold_use_depth(params, s, n, k, c);
    k.ai_user_share_online[c] = ratio(s.users, s.online);
    online_users += k.labour_force[c] * s.users / n;
    online_all += k.labour_force[c] * s.online / n;
    k.unemployment_rate_all[c] = ratio(s.unemployed_all, s.unemployed_all + s.employed_all);
    k.unemployed_real[c] = s.unemployed_non_data * w;
    k.in_training_real[c] = s.training * w;
    for (int g = 0; g < kPriorityGroups; ++g) {
      k.unemployed_by_group_real[c * kPriorityGroups + g] = s.unemployed_by_group[g] * w;
    }
    for (int o = 0; o < kOccupations; ++o) {
      k.employment[c * kOccupations + o] = s.employed_by_occupation[o] * w;
    }
    for (int x = 0; x < kSexes; ++x) {
      k.employment_by_sex[c * kSexes + x] = s.employed_by_sex[x] * w;
      k.ai_user_share_by_sex[c * kSexes + x] = ratio(s.users_by_sex[x], s.by_sex[x]);
      k.unemployment_rate_by_sex[c * kSexes + x] = ratio(s.unemployed_by_sex[x], s.by_sex[x]);
    }
    // The skill premium follows demand (coverage times production depth) against supply.
    const double demand = coverage * k.production_share_output[c];
    const double denom = demand + p.premium_half * k.ai_skilled_share[c];
    k.ai_skill_premium[c] = denom > 0 ? p.premium_max * demand / denom : 0.0;
    const double mean_wage = mean_wage_usd(params, k, c);
    for (int q = 0; q < kSkills; ++q) {
      k.employment_by_skill[c * kSkills + q] = s.employed_by_skill[q] * w;
      k.unemployment_rate[c * kSkills + q] = ratio(s.unemployed_by_skill[q], s.by_skill[q]);
      // Mean wage of employed non-data workers of the skill, from the wage cells.
      double wages = 0, count = 0;
      for (int comp = 0; comp < 2; ++comp) {
        for (int skilled = 0; skilled < 2; ++skilled) {
          const double cell = s.wage_cell[q * 4 + comp * 2 + skilled];
          const double wage = mean_wage * skill_base[q] *
                              (1.0 + p.augment * coverage * k.mean_firm_gain[c] * comp) *
                              (1.0 + k.ai_skill_premium[c] * skilled);
          wages += cell * wage;
          count += cell;
        }
      }
      k.mean_wage_usd[c * kSkills + q] = ratio(wages, count);
    }
    k.data_work_employment[c] = s.data_employed * w;
    k.data_work_wage_usd[c] = (params.data_work.wage_share + k.wage_share_add[c]) *
                              params.data_work.billed_rate_usd * params.data_work.hours_per_year;
    fold_wages_by_use(params, s, mean_wage, coverage, k, c);
  }
  world.globals.world_online_user_share = ratio(online_users, online_all);
}

void fold_firms(const Params& params, World& world) {
  Countries& k = world.countries;
  std::vector<FirmTally> sum(static_cast<std::size_t>(k.n) * kSizes);
  for (std::size_t b = 0; b < world.firm_blocks.size(); ++b) {
    const FirmTally& t = world.firm_tallies[b];
    FirmTally& s = sum[world.firm_blocks[b].group];
    for (int st = 0; st < kStages; ++st) s.by_stage[st] += t.by_stage[st];
    for (int q = 0; q < kProviders; ++q) {
      s.adopters_by_provider[q] += t.adopters_by_provider[q];
      s.production_by_provider[q] += t.production_by_provider[q];
    }
    s.entries += t.entries;
    s.promotions += t.promotions;
    s.abandonments += t.abandonments;
    s.gain_sum += t.gain_sum;
  }
  const double spend = params.firms.ai_spend_share;
  // M12: closed providers' users pay the mark-up; M6: open-weight users rent cloud.
  const double closed_spend = spend * world.globals.closed_markup;
  const double cloud_spend = spend * params.capital.cloud_share;
  for (int c = 0; c < k.n; ++c) {
    double cloud = 0;
    double real = 0, adopters = 0, production = 0;
    double out_all = 0, out_production = 0, out_gain = 0, out_gain_large = 0;
    double out_production_foreign = 0, rent = 0;
    std::array<double, kProviders> adopters_by_provider{};
    for (int s = 0; s < kSizes; ++s) {
      const std::size_t cs = static_cast<std::size_t>(c) * kSizes + s;
      const FirmTally& t = sum[cs];
      const double n = k.firm_offset[cs + 1] - k.firm_offset[cs];
      const double w = k.firm_weight[cs];
      const double out = w * k.output_per_firm_usd[cs];  // output one agent stands for
      const double adopt = t.by_stage[kPilot] + t.by_stage[kProduction];
      k.firm_count[cs] = n * w;
      k.firm_adoption_share[cs] = adopt / n;
      k.firm_production_share[cs] = t.by_stage[kProduction] / n;
      k.pilot_entries[cs] += t.entries * w;
      k.pilot_promotions[cs] += t.promotions * w;
      k.pilot_abandonments[cs] += t.abandonments * w;
      real += n * w;
      adopters += adopt * w;
      production += t.by_stage[kProduction] * w;
      out_all += n * out;
      out_production += t.by_stage[kProduction] * out;
      out_production_foreign += t.production_by_provider[kClosedForeign] * out;
      out_gain += t.gain_sum * out;
      if (s == kLarge) out_gain_large = t.gain_sum * out;
      rent += closed_spend * t.adopters_by_provider[kClosedForeign] * out;
      cloud += cloud_spend * t.adopters_by_provider[kOpenWeight] * out;
      for (int q = 0; q < kProviders; ++q) adopters_by_provider[q] += t.adopters_by_provider[q] * w;
    }
    k.firm_adoption_all[c] = ratio(adopters, real);
    k.firm_production_all[c] = ratio(production, real);
    k.production_share_output[c] = ratio(out_production, out_all);
    k.mean_firm_gain[c] = ratio(out_gain, out_all);
    k.production_firm_gain[c] = ratio(out_gain, out_production);
    k.ai_tfp_gain[c] = params.countries.tfp_pass_through * k.mean_firm_gain[c];
    k.large_firm_gain_share[c] = ratio(out_gain_large, out_gain);
    k.dependence[c] = ratio(out_production_foreign, out_production);
    // M9: cloud is hosted by bloc-us providers (the USA) outside bloc china and by Chinese
    // providers inside it; spend hosted outside the country is rent.
    const char* host = k.bloc[c] == Bloc::kChina ? "CHN" : "USA";
    k.cloud_spend_usd[c] = cloud;
    k.cloud_rent_usd[c] = k.iso3[c] != host ? cloud : 0.0;
    k.rent_outflow_usd[c] = rent + k.cloud_rent_usd[c];
    for (int q = 0; q < kProviders; ++q) {
      k.provider_share[c * kProviders + q] = ratio(adopters_by_provider[q], adopters);
    }
  }
}

// Share of the largest one and five values, and of a subset, in a total.
void concentration(const Column& x, const std::vector<std::uint8_t>& subset, double& top1,
                   double& top5, double& subset_share) {
  Column sorted = x;
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  const double total = std::accumulate(x.begin(), x.end(), 0.0);
  double five = 0, sub = 0;
  for (std::size_t i = 0; i < sorted.size() && i < 5; ++i) five += sorted[i];
  for (std::size_t i = 0; i < x.size(); ++i) sub += subset[i] ? x[i] : 0.0;
  top1 = sorted.empty() ? 0.0 : ratio(sorted[0], total);
  top5 = ratio(five, total);
  subset_share = ratio(sub, total);
}

// Labour-force-weighted world mean of a country column, summed in country order.
double world_mean(const Countries& k, const Column& x) {
  double lf = 0, sum = 0;
  for (int c = 0; c < k.n; ++c) {
    lf += k.labour_force[c];
    sum += k.labour_force[c] * x[c];
  }
  return ratio(sum, lf);
}

// M2: world depth and intensity (in country order), and
// ai_use_intensity scaled to a labour-force-weighted world mean of 1.
void reduce_use_depth(World& world) {
  Countries& k = world.countries;
  Globals& g = world.globals;
  g.depth_world = world_mean(k, k.use_depth);
  g.intensity_world = world_mean(k, k.ai_use_intensity);
  for (int c = 0; c < k.n; ++c)
    k.ai_use_intensity[c] = ratio(k.ai_use_intensity[c], g.intensity_world);
}

}  // namespace

void aggregate_phase(const Params& params, World& world, const TickContext& ctx) {
  (void)ctx;
  fold_firms(params, world);
  fold_workers(params, world);
  Countries& k = world.countries;
  Globals& g = world.globals;
  g.world_ai_user_share = world_mean(k, k.ai_user_share);
  g.world_ai_tfp_gain = world_mean(k, k.ai_tfp_gain);
  reduce_use_depth(world);
  concentration(k.ai_investment_usd, k.africa, g.top1_investment_share, g.top5_investment_share,
                g.africa_investment_share);
  concentration(k.compute_pflops, k.africa, g.top1_compute_share, g.top5_compute_share,
                g.africa_compute_share);
}

}  // namespace models
