// Phase 2, technology: frontier compute, cost and capability, the open-weight lag, coverage,
// prices and data-work demand (MODEL.md section 7, "Technology").
#include <algorithm>
#include <cmath>

#include "models/phases.hpp"

namespace models {

namespace {

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

}  // namespace

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

  g.open_lag_months = std::max(0.0, g.open_lag_months);
  g.open_capability_log10 = capability_lagged(params, g, ctx.tick, g.open_lag_months);
  g.coverage = coverage_at(t, g.frontier_capability_log10);
  g.coverage_open = coverage_at(t, g.open_capability_log10);
  // Levers that shorten (open_source_access) or lengthen (bloc_decoupling) a country's open lag
  // give it its own open capability; elsewhere the world's.
  Countries& k = world.countries;
  for (int c = 0; c < k.n; ++c) {
    const double shift = k.open_lag_shift_months[c];
    k.coverage_open[c] =
        shift != 0 ? coverage_at(t, capability_lagged(params, g, ctx.tick,
                                                      std::max(0.0, g.open_lag_months - shift)))
                   : g.coverage_open;
  }

  const double price_factor = std::pow(1.0 - t.price_decline_per_year, dt);
  g.api_price *= price_factor;
  g.local_cost *= price_factor;
  g.compute_per_usd *= std::pow(t.compute_per_usd_growth, dt);
  g.k_need = params.capital.k_need0 *
             std::pow(params.capital.inference_demand_growth / t.algorithmic_efficiency, ctx.t_end);

  g.synthetic_share = synthetic_share(t, ctx.t_end);
  g.data_work_demand =
      g.d0 * std::sqrt(g.frontier_cost_usd / t.frontier_cost0_usd) * (1.0 - g.synthetic_share);
}

}  // namespace models
