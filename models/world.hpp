// The world state: globals, countries and agents as structures of arrays.
//
// Agents are stored sorted by country (firms by country, then size class), so a country's agents
// form a contiguous range and its country (and a firm's size class) is implied by the index. Hot
// agent columns are narrow. Aggregates that agents read are those of the previous tick's
// `aggregate` phase.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "models/country_data.hpp"
#include "models/enums.hpp"
#include "models/levers.hpp"
#include "sim/blocks.hpp"
#include "sim/huge_pages.hpp"

namespace models {

using Column = std::vector<double>;

struct Globals {
  double frontier_compute_log10 = 0;
  double frontier_capability_log10 = 0;
  double open_capability_log10 = 0;
  double frontier_cost_usd = 0;
  double open_lag_months = 0;
  double coverage = 0;       // at the frontier capability
  double coverage_open = 0;  // at the open-weight capability
  double api_price = 1;
  double local_cost = 0;  // open-weight running cost at full compute access, price index
  double compute_per_usd = 0;
  double k_need = 0;
  double investment_pool_usd = 0;
  double synthetic_share = 0;
  double data_work_demand = 0;
  double rule_stringency = 0;
  int frontier_capable_count = 0;
  std::array<double, 3> bloc_investment{};  // by Bloc, USD/yr

  // Constants fixed at tick 0.
  double d0 = 0;     // data-work demand scale, worker-years
  double r_hic = 0;  // labour-force-weighted readiness of HIC countries at tick 0
  double k0 = 0;     // smallest positive initial AI capital

  // Frontier capability at the end of each tick so far, for the open-weight lag.
  std::vector<double> capability_history;

  // World aggregates of the last `aggregate` phase.
  double world_ai_user_share = 0;
  double world_ai_tfp_gain = 0;
  double top1_investment_share = 0, top5_investment_share = 0;
  double top1_compute_share = 0, top5_compute_share = 0;
  double africa_investment_share = 0, africa_compute_share = 0;

  // Model v2 supply side (MODEL.md section 9, M5, M6, M12).
  std::array<double, 3> open_lag_by_bloc{};  // months, by Bloc (L_b)
  std::array<double, 3> open_effort{};       // bloc share of world compute additions, t - 1
  std::array<double, 3> open_effort0{};      // the same at 2023-01 (E_b(2023-01))
  double closed_markup = 1;                  // (L_world / 4)^mu on closed prices and spend
  double cloud_price_usd = 0;                // USD per PFLOP/s-year of rented compute
  // Depth of use (MODEL.md M2; owned by the worker side): un-normalised labour-force-weighted
  // mean depth and its tick-0 value, which scale k_need.
  double depth_world = 1;
  double depth_world0 = 1;
  // Model v2, demand side (MODEL.md 9, M1, M2, M8).
  double world_online_user_share = 0;  // u_world: the world's users among its online (t-1)
  double use_norm = 1;                 // 1 / HIC labour-force mean of the propensity m_i at tick 0
  double intensity_world = 0;  // labour-force-weighted mean of users x depth (un-normalised)
  double talent_intercept = 0, talent_slope = 0;  // M8 flow on ln compute per worker, fitted
};

// Country columns, indexed by country; (country, category) columns are flat [c * K + k].
struct Countries {
  int n = 0;
  std::vector<std::string> iso3, name, region;
  std::vector<IncomeGroup> income;
  std::vector<Bloc> bloc;
  std::vector<std::uint8_t> africa;
  std::vector<std::uint8_t> hic;

  // Macro and readiness state.
  std::array<Column, kPillars> pillar;  // di, hc, ie, re
  std::array<Column, kPillars> spend0;  // baseline effort that keeps each pillar stationary
  Column readiness, internet_share, internet_growth;
  Column gdp_base, gdp_per_capita_usd, gdp_growth_base, gdp_growth;  // growth: last 12 months
  Column gdp_ring;  // [c * ring + k]: gdp per capita of the last `ring` ticks
  int ring = 1;
  Column population, labour_force, labour_force_growth;
  Column language_fit;

  // Capital and politics.
  Column compute_pflops, compute_share, compute_access;
  Column ai_investment_usd, investment_share, ai_capital_usd;
  Column voice, voice_floor, compliance_cost, compliance_drag;
  std::vector<std::int8_t> control_tier;
  std::vector<std::uint8_t> domestic_lab;
  Column hria_protection;
  Column consumer_price_base;  // lowest provider price at 2023-01, so consumer_price is 1 then
  Column policy_cost_usd;

  // Policy levers, written by the policy phase each tick (docs/ODD.md 7.10) and read by the
  // per-country computations; each is neutral (0, or 1 for factors) when no lever acts.
  Column lever_intensity;                     // [c*kLevers+l], after the ramp, in the lever's unit
  std::array<Column, kPillars> lever_effort;  // pillar effort added to spend0
  Column lever_internet_growth;               // 1/yr added to internet growth
  Column lever_compute_additions;             // PFLOP/s a year added to compute
  Column open_lag_shift_months;               // cut (> 0) or rise (< 0) of the open lag
  Column coverage_open;                       // coverage of the country's open capability
  Column local_cost_factor, finetune_bonus, investment_openness;
  Column compliance_factor, compliance_add, pilot_success_factor, switching_cost_factor;
  Column seat_rate_add, wage_share_add;
  // soft_capacity priority groups that get the free training seats first: a bit mask of
  // kPriorityWomen, kPriorityYouth and kPriorityLowSkilled (0: seats go to all alike).
  std::vector<std::uint8_t> seat_priority;
  Column tier2_cap_pflops, tier3_factor;       // PFLOP/s a year; min(1, substitute + leakage)
  std::vector<std::int8_t> control_tier_base;  // tier without levers; empty until tick 0

  // Model v2 supply side (MODEL.md section 9, M3-M6, M9, M11). `language_fit` above is the
  // closed providers' fit (M4).
  Column language_fit0;                // closed fit at 2023-01 (the regional value of the data)
  Column language_ceiling;             // ceiling of closed fit, raised by the data commons
  Column language_fit_open;            // open-weight fit, by local adaptation
  Column language_fit_provider;        // [c*3+p], the fit of each provider class (output)
  Column open_lag_country;             // months: smallest lag over the blocs the country reaches
  Column accessible_capability_log10;  // best capability the country's firms can use
  Column compute_additions;            // PFLOP/s a year bought by capex after tiers (this tick)
  Column cloud_pflops;                 // rented compute (PFLOP/s)
  Column cloud_spend_usd;              // open-weight firms' cloud spend, USD a year (t - 1)
  Column cloud_rent_usd;               // part of it hosted abroad (t - 1)
  Column investment_share_data;        // [c*3+y]: data share for 2023, 2024, 2025 (NaN: none)
  std::vector<std::uint8_t> open_bloc_reach;  // bit b: the country reaches bloc b's releases

  // Agent ranges: workers of c in [worker_offset[c], worker_offset[c+1]); firms of (c, s) in
  // [firm_offset[c*4+s], firm_offset[c*4+s+1]).
  std::vector<std::uint32_t> worker_offset, firm_offset;
  // Real workers and firms an agent stands for; real firms and output of one firm by (c, s).
  Column worker_weight, firm_weight, real_firms, output_per_firm_usd, output_share;
  Column data_work_labour;  // real data workers (labour force in data_work)
  // [c*4+s] M3: 2023 adoption over the HIC value of the size class, the firms' propensity.
  Column entry_propensity;

  // Aggregates of the last `aggregate` phase (t - 1 for the agent phases of tick t).
  Column ai_user_share, ai_user_share_youth, ai_skilled_share;
  Column firm_adoption_share, firm_production_share;  // [c*4+s], firm-weighted
  Column firm_count;                                  // [c*4+s], real firms
  Column firm_adoption_all, firm_production_all;
  Column production_share_output;  // output-weighted share of firms in production
  Column mean_firm_gain, production_firm_gain, ai_tfp_gain, large_firm_gain_share;
  Column ai_skill_premium, rent_outflow_usd, dependence;
  Column provider_share;  // [c*3+p], firm-weighted among adopters
  Column unemployed_real, in_training_real;
  // Unemployed outside data work by group [c*kPriorityGroups+g], g = female | youth << 1 |
  // low_skilled << 2 (real people), for the priority seats of soft_capacity.
  Column unemployed_by_group_real;
  Column employment;  // [c*4+o], real employed by occupation
  Column employment_by_skill, unemployment_rate, mean_wage_usd;              // [c*3+k]
  Column employment_by_sex, ai_user_share_by_sex, unemployment_rate_by_sex;  // [c*2+x]
  Column data_work_employment, data_work_wage_usd, data_work_allocation;
  // Weighted flows since the last record, [c*4+s].
  Column pilot_entries, pilot_promotions, pilot_abandonments;

  // Model v2, demand side (MODEL.md 9, M1, M2, M7, M8).
  Column ai_user_share_online;   // users among the online (t-1), u_c of M1
  Column use_country_term;       // (pillar_hc)^use_hc_exponent x use_norm, M1
  Column depth_factor;           // production and price factor of depth, set in phase 6
  Column heavy_use_spend_share;  // spend per heavy user over GDP per capita, M2
  Column use_depth;              // mean depth of the country's users (un-normalised)
  Column ai_use_intensity;       // users x depth per labour-force member, world mean 1
  Column unemployment_rate_all;  // unemployed over employed plus unemployed
  Column mean_wage_usd_by_use;   // [((c*4+o)*3+k)*2+u], NaN where no one is employed
  Column talent_flow_data;       // M8: LinkedIn 2019-2024 flow, share of AI talent a year; NaN
  Column talent_flow;            // M8: the flow applied this tick, share of AI talent a year
  Column skilled_weight_factor;  // M8: weight of an AI-skilled worker over worker_weight
  Column ai_talent_net_flow;     // M8: per 10,000 labour force a year

  void resize(int count);
};

// Worker agent columns (one byte each; country is implied by the index range).
struct Workers {
  sim::AgentColumn<std::uint8_t> skill, sex, youth, occupation, status, months_in_status, online,
      uses_ai, ai_skill;
  std::size_t size() const { return skill.size(); }
  void resize(std::size_t n);
};

// Firm agent columns (country and size class are implied by the index range).
struct Firms {
  sim::AgentColumn<std::uint8_t> stage, provider;
  sim::AgentColumn<float> intangible, firm_gain;
  std::size_t size() const { return stage.size(); }
  void resize(std::size_t n);
};

// Per-tick rates computed once per country (phase 4 and 5/6 preludes), read by the agent loops.
struct FirmRates {
  Column p_entry;                       // [c*4+s] per-tick probability none -> pilot
  Column provider_cum;                  // [c*3+p] cumulative choice probabilities at pilot entry
  Column p_pilot_event;                 // [c*3+p] per-tick probability of leaving pilot
  Column success_share;                 // [c*3+p] share of those exits that are promotions
  Column provider_gain;                 // [c*3+p] gain_max * coverage of the provider
  std::vector<std::uint8_t> switch_to;  // [c*3+p] provider a reconsidering firm moves to
  double p_reconsider = 0;
  std::array<float, kStages> z_eq{};
  float z_keep = 1;  // exp(-depreciation * dt)
};

struct WorkerRates {
  Column p_online, p_use, p_displace, p_leave_unemployed, rehire_share, p_data_work_employed;
  // For unemployed workers in the country's soft_capacity priority groups (Countries::
  // seat_priority); equal to p_leave_unemployed and rehire_share where there is no priority.
  Column p_leave_priority, rehire_share_priority;
  // Model v2 (M1, M7). p_use_class[c * kUseClasses + class], class = skill << 2 | youth << 1 |
  // exposed: the use hazard of an online non-user with propensity m_i. Leaving unemployment has
  // three branches: rehired (share rehire_share), a new task (up to hire_share) or training.
  Column p_use_class;
  Column hire_share, hire_share_priority;
  Column p_leave_trained, rehire_share_trained;  // AI-skilled unemployed: no training branch
  double p_churn = 0;
  double p_youth_exit = 0;
  double retrain_success = 0;
  int training_months = 12;
  int months_per_tick = 1;
};

// Partial sums of one block of workers: integer counts, so folding them is exact.
struct WorkerTally {
  // Unemployed outside data work by priority group g (see Countries::unemployed_by_group_real).
  std::array<std::uint32_t, kPriorityGroups> unemployed_by_group{};
  std::uint32_t online = 0, users = 0, youth = 0, youth_users = 0, ai_skilled = 0;
  std::uint32_t training = 0, unemployed_non_data = 0;
  std::array<std::uint32_t, kSexes> by_sex{}, users_by_sex{}, employed_by_sex{},
      unemployed_by_sex{};
  std::array<std::uint32_t, kOccupations> employed_by_occupation{};
  std::array<std::uint32_t, kSkills> by_skill{}, employed_by_skill{}, unemployed_by_skill{};
  // Employed, not data work, by (skill, complementary AI user, AI-skilled): the wage cells.
  std::array<std::uint32_t, kSkills * 4> wage_cell{};
  std::uint32_t data_workers = 0, data_employed = 0;
  // Model v2: users by (exposed, AI-skilled), the depth cells of M2; employed by (occupation,
  // skill, user, AI-skilled), the wage cells of mean_wage_usd_by_use (M7); all unemployed.
  std::array<std::uint32_t, 4> users_by_depth_cell{};
  std::array<std::uint32_t, kOccupations * kSkills * 4> employed_by_use{};
  std::uint32_t unemployed_all = 0, employed_all = 0;
};

// The index in WorkerTally::employed_by_use of (occupation, skill, use: 0 user and 1 non-user,
// as the output's `use` dimension, AI-skilled).
constexpr int employed_use_index(int occupation, int skill, int use, int skilled) {
  return ((occupation * kSkills + skill) * 2 + use) * 2 + skilled;
}

// Partial sums of one block of firms (one country and size class).
struct FirmTally {
  std::array<std::uint32_t, kStages> by_stage{};
  std::array<std::uint32_t, kProviders> adopters_by_provider{}, production_by_provider{};
  std::uint32_t entries = 0, promotions = 0, abandonments = 0;
  double gain_sum = 0;  // sum of firm_gain
};

struct World {
  Globals globals;
  Countries countries;
  Workers workers;
  Firms firms;
  FirmRates firm_rates;
  WorkerRates worker_rates;
  std::vector<sim::Block> worker_blocks, firm_blocks;  // firm block group = c*4 + s
  std::vector<WorkerTally> worker_tallies;
  std::vector<FirmTally> firm_tallies;
  std::vector<std::vector<int>> policy_members;  // countries of each policies entry
  int tick = 0;                                  // the tick being (or last) computed
  std::uint64_t member_seed = 0;
};

}  // namespace models
