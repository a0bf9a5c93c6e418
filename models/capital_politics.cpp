// Phase 3, capital and politics: the investment pool and its allocation, AI capital, compute
// under export-control tiers, compute access, voice, rule stringency and compliance costs
// (MODEL.md section 7, "Capital and politics").
#include "models/capital_politics.hpp"

#include <algorithm>
#include <cmath>

#include "models/phases.hpp"

namespace models {

namespace {

// Exact update over dt of dx/dt = inflow - rate * x, with constant inflow.
double relax(double x, double inflow, double rate, double dt) {
  if (rate <= 0) return x + inflow * dt;
  const double keep = std::exp(-rate * dt);
  return x * keep + inflow / rate * (1.0 - keep);
}

}  // namespace

double investment_pool(const CapitalParams& p, const YearMonth& month) {
  if (month.year <= 2023) return p.pool_2023_usd;
  if (month.year == 2024) return p.pool_2024_usd;
  const double years_since_2025 = (month.index() - YearMonth{2025, 1}.index()) / 12.0;
  return p.pool_2024_usd * std::exp(p.investment_growth * years_since_2025);
}

void allocate_investment(const Params& params, World& world, double pool) {
  const CapitalParams& p = params.capital;
  Countries& k = world.countries;
  std::vector<double>& s = k.investment_share;
  double total = 0;
  for (int c = 0; c < k.n; ++c) {
    const double openness = k.control_tier[c] >= 3 ? p.tier3_openness : 1.0;
    s[c] = std::pow(k.ai_capital_usd[c] + world.globals.k0, p.alpha) *
           std::exp(p.beta * k.readiness[c]) * openness * k.investment_openness[c];
    total += s[c];
  }
  world.globals.bloc_investment = {};
  for (int c = 0; c < k.n; ++c) {
    s[c] = total > 0 ? s[c] / total : 0.0;
    k.ai_investment_usd[c] = pool * s[c];
    world.globals.bloc_investment[static_cast<int>(k.bloc[c])] += k.ai_investment_usd[c];
  }
}

void update_domestic_labs(const Params& params, World& world) {
  Countries& k = world.countries;
  Globals& g = world.globals;
  g.frontier_capable_count = 0;
  for (int c = 0; c < k.n; ++c) {
    k.domestic_lab[c] = k.ai_investment_usd[c] * params.technology.frontier_budget_share >=
                        0.1 * g.frontier_cost_usd;
    g.frontier_capable_count += k.domestic_lab[c];
  }
}

void update_compute_access(const Params& params, World& world) {
  Countries& k = world.countries;
  double k_world = 0, lf_world = 0;
  for (int c = 0; c < k.n; ++c) {
    k_world += k.compute_pflops[c];
    lf_world += k.labour_force[c];
  }
  for (int c = 0; c < k.n; ++c) {
    k.compute_share[c] = k_world > 0 ? k.compute_pflops[c] / k_world : 0.0;
    const double own = k.compute_pflops[c] / k.labour_force[c];
    const double cloud = params.capital.cloud_access * k.internet_share[c] * k_world / lf_world;
    k.compute_access[c] = std::min(1.0, (own + cloud) / world.globals.k_need);
  }
}

void capital_politics_phase(const Params& params, World& world, const TickContext& ctx) {
  const CapitalParams& p = params.capital;
  Countries& k = world.countries;
  Globals& g = world.globals;
  const double dt = ctx.dt;

  g.investment_pool_usd = investment_pool(p, ctx.month);
  allocate_investment(params, world, g.investment_pool_usd);

  for (int c = 0; c < k.n; ++c) {
    k.ai_capital_usd[c] =
        relax(k.ai_capital_usd[c], k.ai_investment_usd[c], p.capital_depreciation, dt);
    // Compute: capex bought at the current price-performance, limited by the country's tier.
    // The tier's cap and substitute factor are per country (export_controls may set them);
    // hubs and hard infrastructure add their compute outside the tier.
    double additions = p.compute_capex_share * k.ai_investment_usd[c] * g.compute_per_usd;
    if (k.control_tier[c] == 2) additions = std::min(additions, k.tier2_cap_pflops[c]);
    if (k.control_tier[c] >= 3) additions *= k.tier3_factor[c];
    additions += k.lever_compute_additions[c];
    k.compute_pflops[c] = relax(k.compute_pflops[c], additions, p.compute_depreciation, dt);
  }
  update_domestic_labs(params, world);
  update_compute_access(params, world);

  // Voice: v = floor + (1 - floor) * sqrt(investment share) * R / max over countries.
  double voice_max = 0;
  for (int c = 0; c < k.n; ++c) {
    voice_max = std::max(voice_max, std::sqrt(k.investment_share[c]) * k.readiness[c]);
  }
  double weighted = 0, weights = 0;
  for (int c = 0; c < k.n; ++c) {
    const double raw =
        voice_max > 0 ? std::sqrt(k.investment_share[c]) * k.readiness[c] / voice_max : 0.0;
    k.voice[c] = k.voice_floor[c] + (1.0 - k.voice_floor[c]) * raw;
    weighted += k.voice[c] * k.pillar[3][c];
    weights += k.voice[c];
  }
  g.rule_stringency = weights > 0 ? weighted / weights : 0.0;
  for (int c = 0; c < k.n; ++c) {
    const double pref = k.pillar[3][c];
    // multilateral_governance scales the cost down; people-centred review and privacy
    // safeguards add their own (compliance_factor 1 and compliance_add 0 without levers).
    k.compliance_cost[c] = params.politics.compliance_scale *
                               ((1.0 - k.voice[c]) * std::abs(g.rule_stringency - pref) +
                                g.rule_stringency * (1.0 - pref)) *
                               k.compliance_factor[c] +
                           k.compliance_add[c];
    k.compliance_drag[c] = 1.0 - std::exp(-k.compliance_cost[c]);
  }
}

}  // namespace models
