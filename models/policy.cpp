// Phase 1, policy: the scenario timeline. Applies the shared history's shocks (MODEL.md section 6)
// and the `policies:` levers (section 7), writing per-country lever columns that the later
// phases' per-country computations read (docs/ODD.md 7.2 and 7.10).
#include <algorithm>
#include <cmath>

#include "models/phases.hpp"

namespace models {

namespace {

// 1 - exp(-x / scale): the share of a saturating lever's largest effect reached at intensity x.
double saturation(double x, double scale) { return x > 0 ? -std::expm1(-x / scale) : 0.0; }

bool tick_contains(const YearMonth& date, const TickContext& ctx, int months_per_tick) {
  const int months_in = date.index() - ctx.month.index();
  return months_in >= 0 && months_in < months_per_tick;
}

// Resolves each entry's targets to country indices once per run (the only string work), and
// keeps the tiers of the history, which the tier levers override while they act.
void resolve_members(const Params& params, World& world) {
  Countries& k = world.countries;
  std::vector<std::string> income(k.n), bloc(k.n);
  for (int c = 0; c < k.n; ++c) {
    income[c] = income_group_name(k.income[c]);
    bloc[c] = bloc_name(k.bloc[c]);
  }
  world.policy_members.clear();
  for (const PolicyEntry& e : params.policies) {
    world.policy_members.push_back(resolve_policy_members(e, k.iso3, k.region, income, bloc));
  }
  k.control_tier_base = k.control_tier;
}

// Tiers: the history's, then export_controls entries in force (after their ramp), then
// escalations from their date on. Returns whether a lever set the tier of some country.
void apply_tiers(const Params& params, World& world, const TickContext& ctx) {
  Countries& k = world.countries;
  const CapitalParams& cp = params.capital;
  const double tier3_default = std::min(1.0, cp.substitute_efficiency + cp.control_leakage);
  for (int c = 0; c < k.n; ++c) {
    k.control_tier[c] = k.control_tier_base[c];
    k.tier2_cap_pflops[c] = cp.tier2_cap_pflops;
    k.tier3_factor[c] = tier3_default;
  }
  for (const Lever lever : {Lever::kExportControls, Lever::kExportControlEscalation}) {
    for (std::size_t i = 0; i < params.policies.size(); ++i) {
      const PolicyEntry& e = params.policies[i];
      if (e.lever != lever || e.intensity < 1) continue;
      // A tier is discrete: it applies once the ramp is complete.
      const double r = lever == Lever::kExportControlEscalation
                           ? (ctx.month >= e.start ? e.intensity : 0.0)
                           : ramped_intensity(e, ctx.month);
      if (r < e.intensity) continue;
      const double substitute = e.substitute_efficiency.value_or(cp.substitute_efficiency);
      const double leakage = e.leakage.value_or(cp.control_leakage);
      for (const int c : world.policy_members[i]) {
        k.control_tier[c] = static_cast<std::int8_t>(e.intensity);
        k.tier2_cap_pflops[c] = e.cap_pflops.value_or(cp.tier2_cap_pflops);
        k.tier3_factor[c] = std::min(1.0, substitute + leakage);
        k.policy_cost_usd[c] += params.levers.export_control_cost_usd * ctx.dt;
      }
    }
  }
}

}  // namespace

void policy_phase(const Params& params, World& world, const TickContext& ctx) {
  const HistoryParams& h = params.history;
  const LeverParams& lp = params.levers;
  Globals& g = world.globals;
  Countries& k = world.countries;
  const int m = static_cast<int>(params.time.months_per_tick);
  const double dt = ctx.dt;
  // The open-weight release (DeepSeek-R1, 2025-01): cuts the open lag and the open local cost,
  // once, in the tick that contains the release month.
  // M5: the release is bloc china's: L_china <- max(0, min_b L_b - cut).
  if (tick_contains(h.open_release_date, ctx, m)) {
    auto& lag = g.open_lag_by_bloc;
    const double shortest = *std::min_element(lag.begin(), lag.end());
    lag[static_cast<int>(Bloc::kChina)] = std::max(0.0, shortest - h.open_release_lag_cut_months);
    g.open_lag_months = *std::min_element(lag.begin(), lag.end());
    g.local_cost *= 1.0 - h.open_release_cost_cut;
  }

  if (world.policy_members.size() != params.policies.size() || k.control_tier_base.empty()) {
    resolve_members(params, world);
  }
  apply_tiers(params, world, ctx);

  // Ramped intensity of every lever in every country; hubs and shocks act per entry.
  std::fill(k.lever_intensity.begin(), k.lever_intensity.end(), 0.0);
  std::fill(k.seat_priority.begin(), k.seat_priority.end(), std::uint8_t{0});
  std::fill(k.lever_compute_additions.begin(), k.lever_compute_additions.end(), 0.0);
  for (std::size_t i = 0; i < params.policies.size(); ++i) {
    const PolicyEntry& e = params.policies[i];
    const std::vector<int>& members = world.policy_members[i];
    if (e.lever == Lever::kOpenWeightRelease) {
      // A scenario's open-weight release: the lever form of the history's shock.
      if (e.intensity > 0 && tick_contains(e.start, ctx, m)) {
        for (double& lag : g.open_lag_by_bloc) lag = std::max(0.0, lag - e.intensity);
        g.open_lag_months = *std::min_element(g.open_lag_by_bloc.begin(), g.open_lag_by_bloc.end());
        g.local_cost *= 1.0 - std::min(0.9, lp.open_release_cost_cut_per_month * e.intensity);
      }
      continue;
    }
    const double r = ramped_intensity(e, ctx.month);
    if (e.lever == Lever::kRegionalComputeHubs && r > 0) {
      // Members share the hub in proportion to GDP. The inflow r * depreciation keeps a stock of
      // r PFLOP/s once built; the yearly cost is the capex r / compute_per_usd times
      // hub_cost_rate (depreciation and operation).
      double gdp = 0;
      for (const int c : members) gdp += k.gdp_per_capita_usd[c] * k.population[c];
      for (const int c : members) {
        const double share = gdp > 0 ? k.gdp_per_capita_usd[c] * k.population[c] / gdp : 0.0;
        k.lever_compute_additions[c] += share * r * params.capital.compute_depreciation;
        k.policy_cost_usd[c] += share * r / g.compute_per_usd * lp.hub_cost_rate * dt;
      }
    }
    const std::size_t l = static_cast<std::size_t>(e.lever);
    for (const int c : members) k.lever_intensity[static_cast<std::size_t>(c) * kLevers + l] = r;
    if (e.lever == Lever::kSoftCapacity && r > 0) {
      for (const int c : members) k.seat_priority[c] |= e.priority_mask;
    }
  }

  // Each lever's effects, in its real unit; every column is neutral at zero intensity.
  const auto intensity = [&](int c, Lever lever) {
    return k.lever_intensity[static_cast<std::size_t>(c) * kLevers + static_cast<int>(lever)];
  };
  for (int c = 0; c < k.n; ++c) {
    const double gdp = k.gdp_per_capita_usd[c] * k.population[c];
    double cost = 0;  // USD a year

    const double open = intensity(c, Lever::kOpenSourceAccess);
    const double decouple = intensity(c, Lever::kBlocDecoupling);
    const double u_open = saturation(open, lp.open_source_scale_usd);
    k.open_lag_shift_months[c] =
        lp.open_source_lag_cut_months * u_open - lp.decoupling_lag_add_months * decouple;
    k.local_cost_factor[c] = 1.0 - lp.open_source_cost_cut * u_open;
    k.finetune_bonus[c] = lp.open_source_finetune_gain * u_open;
    cost += open * k.population[c];

    // Decoupling cuts the openness of countries outside bloc us to the pool, which us-bloc
    // capital dominates (usa_share_2023 0.694).
    k.investment_openness[c] =
        k.bloc[c] != Bloc::kUs ? 1.0 - lp.decoupling_openness_cut * decouple : 1.0;
    // M5: a decoupled country no longer reaches the other bloc's open releases (bloc china's
    // members lose bloc us's; every other member loses bloc china's).
    const int other =
        k.bloc[c] == Bloc::kChina ? static_cast<int>(Bloc::kUs) : static_cast<int>(Bloc::kChina);
    k.open_bloc_reach[c] =
        decouple > 0 ? static_cast<std::uint8_t>(0x7 & ~(1u << other)) : std::uint8_t{0x7};

    const double commons = intensity(c, Lever::kDataCommons);
    if (commons > 0) {
      // M4: the ceiling closes toward 1 (d ceiling/dt = rate * (1 - ceiling), exact over dt) and
      // open fit rises by the same amount, so open fit gains at least what closed fit gains and
      // the commons cannot push firms toward foreign closed providers.
      const double rate = lp.data_commons_rate * saturation(commons, lp.data_commons_scale_usd);
      const double before = k.language_ceiling[c];
      k.language_ceiling[c] = 1.0 - (1.0 - before) * std::exp(-rate * dt);
      k.language_fit_open[c] =
          std::min(k.language_ceiling[c], k.language_fit_open[c] + k.language_ceiling[c] - before);
      cost += commons;
    }

    const double floor = intensity(c, Lever::kMultilateralGovernance);
    k.voice_floor[c] = floor;
    k.compliance_factor[c] = 1.0 - lp.multilateral_compliance_cut * floor;
    cost += lp.multilateral_cost_usd * floor;

    const double infra = intensity(c, Lever::kHardInfrastructure);
    k.lever_effort[0][c] = lp.infrastructure_di_effort * infra;
    k.lever_internet_growth[c] = lp.infrastructure_internet_growth * infra;
    k.lever_compute_additions[c] +=
        infra * gdp * lp.infrastructure_compute_share * g.compute_per_usd;
    cost += infra * gdp;

    const double seats = intensity(c, Lever::kSoftCapacity);  // per 1000 workers a year
    k.seat_rate_add[c] = seats / 1000.0;
    k.lever_effort[1][c] = lp.soft_hc_effort * seats;
    cost += seats / 1000.0 * k.labour_force[c] * lp.soft_seat_cost_gdp_per_capita *
            k.gdp_per_capita_usd[c];

    const double people = intensity(c, Lever::kPeopleCentredGovernance);
    k.lever_effort[3][c] = lp.people_centred_re_effort * people;
    k.wage_share_add[c] = lp.people_centred_wage_share_gain * people;
    k.hria_protection[c] = lp.people_centred_protection * people;
    k.compliance_add[c] = lp.people_centred_deployment_cost * people;
    cost += lp.people_centred_cost_gdp_share * people * gdp;

    const double privacy = intensity(c, Lever::kPrivacyPreservingDataSharing);
    const double u_privacy = saturation(privacy, lp.privacy_scale_usd);
    k.pilot_success_factor[c] = 1.0 + lp.privacy_pilot_gain * u_privacy;
    k.compliance_add[c] += lp.privacy_compliance_cost * u_privacy;
    cost += privacy * k.population[c];

    const double portability = intensity(c, Lever::kCloudPortability);
    k.switching_cost_factor[c] = 1.0 - portability;
    cost += lp.portability_cost_gdp_share * portability * gdp;

    k.policy_cost_usd[c] += cost * dt;
  }
}

}  // namespace models
