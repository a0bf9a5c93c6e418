// Phase 2, technology: frontier compute, cost and capability, the open-weight lag, coverage,
// prices and data-work demand (MODEL.md section 7, "Technology").
#include <algorithm>
#include <cmath>
#include <limits>

#include "models/phases.hpp"

namespace models {

namespace {

// A bloc whose open effort collapses gets a long but finite target lag.
constexpr double kMinEffortRatio = 1e-3;
// The mark-up never reaches 0: at a lag of zero the closed price would be free.
constexpr double kMinMarkupLagMonths = 0.25;
// Yearly operation cost of compute per dollar of capex, on top of depreciation (MODEL.md M6).
constexpr double kComputeOperation = 0.05;

// Synthetic share of training data: logistic through (2023, s23) and (2035, s35) [A].
double synthetic_share(const TechnologyParams& p, double years_since_2023) {
  const auto logit = [](double s) { return std::log(s / (1.0 - s)); };
  const double l23 = logit(p.synthetic_share_2023), l35 = logit(p.synthetic_share_2035);
  const double x = l23 + (l35 - l23) * years_since_2023 / 12.0;
  return 1.0 / (1.0 + std::exp(-x));
}

// Frontier capability `lag_months` before the end of tick `tick`, interpolated in the history
// and extrapolated back before 2023-01 at the unconstrained growth of effective compute.
double capability_lagged(const Params& params, const Globals& g, int tick, double lag_months) {
  const double m = static_cast<double>(params.time.months_per_tick);
  const double back_ticks = lag_months / m;
  const double pos = tick - back_ticks;  // index into the history (end of tick `pos`)
  const auto& h = g.capability_history;
  if (pos >= 0) {
    const auto i = static_cast<std::size_t>(pos);
    const double f = pos - static_cast<double>(i);
    if (i + 1 >= h.size()) return h.back();
    return h[i] + f * (h[i + 1] - h[i]);
  }
  const auto& t = params.technology;
  const double rate = std::log10(t.compute_growth) + std::log10(t.algorithmic_efficiency);
  // Capability at the start of the run is compute0; tick -1 ends at the start.
  const double start = t.compute0_log10;
  return start - rate * (-(pos + 1.0)) * m / 12.0;
}

// M5: each bloc's lag relaxes toward L*_b = L0_b (E_b / E_b(2023-01))^(-eta), E_b its share of
// the world's compute additions after tiers at t - 1 (open effort relative to the frontier's
// pace), exactly over dt; the world lag is the smallest.
void update_open_lags(const Params& params, World& world, double dt) {
  const TechnologyParams& t = params.technology;
  Globals& g = world.globals;
  const double keep = std::exp(-dt / t.open_lag_tau_years);
  for (int b = 0; b < kBlocs; ++b) {
    const double l0 = open_lag0(t, b);
    const double ratio = g.open_effort0[b] > 0 ? g.open_effort[b] / g.open_effort0[b] : 1.0;
    const double target = l0 * std::pow(std::max(ratio, kMinEffortRatio), -t.open_lag_eta);
    g.open_lag_by_bloc[b] = std::max(0.0, target + (g.open_lag_by_bloc[b] - target) * keep);
  }
  g.open_lag_months = *std::min_element(g.open_lag_by_bloc.begin(), g.open_lag_by_bloc.end());
}

// M4: closed fit closes toward the ceiling with frontier capability; open fit closes toward it by
// local adaptation (pillar_hc, and open_source_access's fine-tuning rate), exactly over dt.
void update_language_fit(const Params& params, World& world, double dt) {
  const TechnologyParams& t = params.technology;
  const Globals& g = world.globals;
  Countries& k = world.countries;
  const double progress = std::max(0.0, g.frontier_capability_log10 - t.compute0_log10);
  const double closed_keep = std::exp(-t.language_closed_rate * progress);
  for (int c = 0; c < k.n; ++c) {
    const double ceiling = k.language_ceiling[c];
    k.language_fit[c] = ceiling - (ceiling - k.language_fit0[c]) * closed_keep;
    const double rate = t.open_adapt_rate * k.pillar[1][c] + k.finetune_bonus[c];
    const double open = ceiling - (ceiling - k.language_fit_open[c]) * std::exp(-rate * dt);
    k.language_fit_open[c] = std::min(open, ceiling);
    const std::size_t cq = static_cast<std::size_t>(c) * kProviders;
    k.language_fit_provider[cq + kClosedForeign] = k.language_fit[c];
    k.language_fit_provider[cq + kClosedDomestic] = k.language_fit[c];
    k.language_fit_provider[cq + kOpenWeight] = k.language_fit_open[c];
  }
}

}  // namespace

double open_lag0(const TechnologyParams& t, int bloc) {
  return t.open_lag0_us_months +
         (bloc == static_cast<int>(Bloc::kUs) ? 0.0 : t.open_lag0_extra_months);
}

double closed_markup(const TechnologyParams& t, double open_lag_months) {
  return std::pow(std::max(open_lag_months, kMinMarkupLagMonths) / 4.0, t.price_markup_mu);
}

double cloud_price(const CapitalParams& p, double compute_per_usd) {
  return p.cloud_markup * (p.compute_depreciation + kComputeOperation) / compute_per_usd;
}

double k_need_at(const Params& params, const Globals& g, double years_since_2023) {
  const double depth = g.depth_world0 > 0 ? g.depth_world / g.depth_world0 : 1.0;
  // Depth counts uses; the tokens of a heavy use grow at inference_demand_growth (M2), so the
  // compute a worker needs scales with both and falls with algorithmic efficiency.
  return params.capital.k_need0 * depth *
         std::pow(params.workers.inference_demand_growth / params.technology.algorithmic_efficiency,
                  years_since_2023);
}

void technology_phase(const Params& params, World& world, const TickContext& ctx) {
  const TechnologyParams& t = params.technology;
  Globals& g = world.globals;
  const double dt = ctx.dt;

  // Cost: the trend, unless the largest bloc cannot pay for it (capital -> technology).
  const double trend = t.frontier_cost0_usd * std::pow(t.cost_growth, ctx.t_end);
  const double bloc_max = *std::max_element(g.bloc_investment.begin(), g.bloc_investment.end());
  const double previous_cost = g.frontier_cost_usd;
  g.frontier_cost_usd = std::min(trend, t.frontier_budget_share * bloc_max);
  // Raw compute grows with the paid cost, never shrinks: log10(cg) * max(0, dln C/dt) / ln(gc).
  const double dln_cost = std::log(g.frontier_cost_usd / previous_cost);
  const double d_compute =
      std::log10(t.compute_growth) * std::max(0.0, dln_cost) / std::log(t.cost_growth);
  g.frontier_compute_log10 += d_compute;
  g.frontier_capability_log10 += d_compute + std::log10(t.algorithmic_efficiency) * dt;
  g.capability_history.push_back(g.frontier_capability_log10);

  update_open_lags(params, world, dt);
  g.open_capability_log10 = capability_lagged(params, g, ctx.tick, g.open_lag_months);
  g.coverage = coverage_at(t, g.frontier_capability_log10);
  g.coverage_open = coverage_at(t, g.open_capability_log10);
  // A country's open capability is that of the smallest lag among the blocs whose releases it
  // reaches, shortened by open_source_access or lengthened by bloc_decoupling (shift).
  Countries& k = world.countries;
  for (int c = 0; c < k.n; ++c) {
    double lag = std::numeric_limits<double>::infinity();
    for (int b = 0; b < kBlocs; ++b) {
      if (k.open_bloc_reach[c] >> b & 1) lag = std::min(lag, g.open_lag_by_bloc[b]);
    }
    if (!std::isfinite(lag)) lag = g.open_lag_months;
    lag = std::max(0.0, lag - k.open_lag_shift_months[c]);
    k.open_lag_country[c] = lag;
    const double open_capability = capability_lagged(params, g, ctx.tick, lag);
    k.coverage_open[c] = coverage_at(t, open_capability);
    const bool closed = k.control_tier[c] < 3 || k.domestic_lab[c] != 0;
    k.accessible_capability_log10[c] =
        closed ? std::max(g.frontier_capability_log10, open_capability) : open_capability;
  }
  update_language_fit(params, world, dt);

  // M12: closed prices carry a mark-up that falls as open weights close in.
  g.closed_markup = closed_markup(t, g.open_lag_months);
  g.api_price = std::pow(1.0 - t.price_decline_per_year, ctx.t_end) * g.closed_markup;
  g.local_cost *= std::pow(1.0 - t.price_decline_per_year, dt);
  g.compute_per_usd *= std::pow(t.compute_per_usd_growth, dt);
  g.cloud_price_usd = cloud_price(params.capital, g.compute_per_usd);
  g.k_need = k_need_at(params, g, ctx.t_end);

  g.synthetic_share = synthetic_share(t, ctx.t_end);
  g.data_work_demand =
      g.d0 * std::sqrt(g.frontier_cost_usd / t.frontier_cost0_usd) * (1.0 - g.synthetic_share);
}

}  // namespace models
