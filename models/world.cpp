// Sizing of the world's columns.
#include "models/world.hpp"

#include <limits>

namespace models {

void Countries::resize(int count) {
  n = count;
  const auto nc = static_cast<std::size_t>(count);
  for (Column* col : {&readiness,           &internet_share,
                      &internet_growth,     &gdp_base,
                      &gdp_per_capita_usd,  &gdp_growth_base,
                      &gdp_growth,          &population,
                      &labour_force,        &labour_force_growth,
                      &language_fit,        &compute_pflops,
                      &compute_share,       &compute_access,
                      &ai_investment_usd,   &investment_share,
                      &ai_capital_usd,      &voice,
                      &voice_floor,         &compliance_cost,
                      &compliance_drag,     &hria_protection,
                      &consumer_price_base, &policy_cost_usd,
                      &worker_weight,       &data_work_labour,
                      &ai_user_share,       &ai_user_share_youth,
                      &ai_skilled_share,    &firm_adoption_all,
                      &firm_production_all, &production_share_output,
                      &mean_firm_gain,      &production_firm_gain,
                      &ai_tfp_gain,         &large_firm_gain_share,
                      &ai_skill_premium,    &rent_outflow_usd,
                      &dependence,          &unemployed_real,
                      &in_training_real,    &data_work_employment,
                      &data_work_wage_usd,  &data_work_allocation}) {
    col->assign(nc, 0.0);
  }
  for (auto& p : pillar) p.assign(nc, 0.0);
  for (auto& p : spend0) p.assign(nc, 0.0);
  for (Column* col : {&firm_weight, &real_firms, &entry_propensity, &output_per_firm_usd,
                      &output_share, &firm_adoption_share, &firm_production_share, &firm_count,
                      &pilot_entries, &pilot_promotions, &pilot_abandonments}) {
    col->assign(nc * kSizes, 0.0);
  }
  provider_share.assign(nc * kProviders, 0.0);
  employment.assign(nc * kOccupations, 0.0);
  for (Column* col : {&employment_by_skill, &unemployment_rate, &mean_wage_usd}) {
    col->assign(nc * kSkills, 0.0);
  }
  for (Column* col : {&employment_by_sex, &ai_user_share_by_sex, &unemployment_rate_by_sex}) {
    col->assign(nc * kSexes, 0.0);
  }
  // Lever columns start neutral: init reads some (price_min) before the first policy phase.
  lever_intensity.assign(nc * kLevers, 0.0);
  for (auto& e : lever_effort) e.assign(nc, 0.0);
  for (Column* col : {&lever_internet_growth, &lever_compute_additions, &open_lag_shift_months,
                      &coverage_open, &finetune_bonus, &compliance_add, &seat_rate_add,
                      &wage_share_add, &tier2_cap_pflops, &tier3_factor}) {
    col->assign(nc, 0.0);
  }
  for (Column* col : {&local_cost_factor, &investment_openness, &compliance_factor,
                      &pilot_success_factor, &switching_cost_factor}) {
    col->assign(nc, 1.0);
  }
  seat_priority.assign(nc, 0);
  for (Column* col : {&language_fit0, &language_ceiling, &language_fit_open, &open_lag_country,
                      &accessible_capability_log10, &compute_additions, &cloud_pflops,
                      &cloud_spend_usd, &cloud_rent_usd}) {
    col->assign(nc, 0.0);
  }
  language_fit_provider.assign(nc * kProviders, 0.0);
  investment_share_data.assign(nc * 3, 0.0);
  open_bloc_reach.assign(nc, 0x7);
  for (Column* col :
       {&ai_user_share_online, &use_country_term, &depth_factor, &heavy_use_spend_share, &use_depth,
        &ai_use_intensity, &unemployment_rate_all, &talent_flow, &ai_talent_net_flow}) {
    col->assign(nc, 0.0);
  }
  talent_flow_data.assign(nc, std::numeric_limits<double>::quiet_NaN());
  skilled_weight_factor.assign(nc, 1.0);
  mean_wage_usd_by_use.assign(nc * kOccupations * kSkills * kUses, 0.0);
  unemployed_by_group_real.assign(nc * kPriorityGroups, 0.0);
  control_tier_base.clear();  // captured from control_tier by the first policy phase
  control_tier.assign(nc, 1);
  domestic_lab.assign(nc, 0);
  worker_offset.assign(nc + 1, 0);
  firm_offset.assign(nc * kSizes + 1, 0);
}

void Workers::resize(std::size_t n) {
  for (auto* col : {&skill, &sex, &youth, &occupation, &status, &months_in_status, &online,
                    &uses_ai, &ai_skill}) {
    sim::fill_parallel(*col, n, std::uint8_t{0});
  }
}

void Firms::resize(std::size_t n) {
  sim::fill_parallel(stage, n, std::uint8_t{kNone});
  sim::fill_parallel(provider, n, std::uint8_t{kClosedForeign});
  sim::fill_parallel(intangible, n, 0.0f);
  sim::fill_parallel(firm_gain, n, 0.0f);
}

}  // namespace models
