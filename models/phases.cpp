// Tick timing and the small formulas several phases share.
#include "models/phases.hpp"

#include <algorithm>
#include <cmath>

#include "models/provider_reach.hpp"

namespace models {

TickContext make_tick_context(const Params& params, int tick) {
  TickContext ctx;
  ctx.tick = tick;
  const int m = static_cast<int>(params.time.months_per_tick);
  ctx.month = params.time.start.plus_months(tick * m);
  ctx.dt = params.dt_years();
  ctx.t_end = (ctx.month.index() + m - YearMonth{2023, 1}.index()) / 12.0;
  return ctx;
}

double tick_probability(double hazard, double dt) {
  return -std::expm1(-std::max(0.0, hazard) * dt);
}

double coverage_at(const TechnologyParams& p, double capability_log10) {
  return 1.0 / (1.0 + std::exp(-(capability_log10 - p.coverage_mid) / p.coverage_scale));
}

double price_min(const Params& params, const World& world, int c) {
  (void)params;
  const auto reach = reachable_providers(world, c);
  const auto price = provider_prices(world, c);
  // Closed services are on offer unless tier 3 cuts foreign providers and no domestic lab exists.
  const bool closed_available = reach[kClosedForeign] || reach[kClosedDomestic];
  return closed_available ? std::min(price[kClosedForeign], price[kOpenWeight])
                          : price[kOpenWeight];
}

double affordability(double price, double afford_scale, double gdp_per_capita_usd) {
  const double budget = afford_scale * gdp_per_capita_usd / 10000.0;
  return 1.0 / (1.0 + price / std::max(budget, 1e-12));
}

double readiness_gate(const FirmParams& p, double readiness) {
  return 1.0 / (1.0 + std::exp(-(readiness - p.readiness_threshold) / p.readiness_width));
}

}  // namespace models
