// Phase 3, capital and politics: the investment pool and its allocation, AI capital, compute
// under export-control tiers, compute access, voice, rule stringency and compliance costs
// (MODEL.md section 7, "Capital and politics").
#include "models/capital_politics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

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

// M11: the pool of the data through 2025 (constant 2021 USD), then continuous growth.
double investment_pool(const CapitalParams& p, const YearMonth& month) {
  if (month.year <= 2023) return p.pool_2023_usd;
  if (month.year == 2024) return p.pool_2024_usd;
  if (month.year == 2025) return p.pool_2025_usd;
  const double years_since_2026 = (month.index() - YearMonth{2026, 1}.index()) / 12.0;
  return p.pool_2025_usd * std::exp(p.investment_growth * years_since_2026);
}

double rule_weight(const Params& params, const World& world, int c) {
  const CapitalParams& p = params.capital;
  const Countries& k = world.countries;
  const double openness = k.control_tier[c] >= 3 ? p.tier3_openness : 1.0;
  return std::pow(k.ai_capital_usd[c] + world.globals.k0, p.alpha) *
         std::exp(p.beta * k.readiness[c]) * openness * k.investment_openness[c];
}

void allocate_investment(const Params& params, World& world, double pool, int year) {
  Countries& k = world.countries;
  std::vector<double>& s = k.investment_share;
  // M11: through 2025, countries with a data share get it and the others share the remainder
  // by the rule. The others never get more than their rule share among all countries: in a run
  // on a few countries the remainder would otherwise go to the few without data (all shares are
  // then rescaled to 1). From 2026, the rule alone.
  const int y = year - 2023;
  const bool data_years = y >= 0 && y < 3;
  const auto data_share = [&](int c) {
    return data_years ? k.investment_share_data[static_cast<std::size_t>(c) * 3 + y]
                      : std::numeric_limits<double>::quiet_NaN();
  };
  double weight_total = 0, data_total = 0, rule_total = 0;
  for (int c = 0; c < k.n; ++c) {
    s[c] = rule_weight(params, world, c);
    weight_total += s[c];
  }
  for (int c = 0; c < k.n; ++c) {
    const double d = data_share(c);
    if (std::isnan(d)) {
      s[c] = weight_total > 0 ? s[c] / weight_total : 0.0;
      rule_total += s[c];
    } else {
      s[c] = d;
      data_total += d;
    }
  }
  const double remainder = std::max(0.0, 1.0 - data_total);
  const double rule_scale = rule_total > remainder && rule_total > 0 ? remainder / rule_total : 1.0;
  double total = 0;
  for (int c = 0; c < k.n; ++c) {
    if (std::isnan(data_share(c))) s[c] *= rule_scale;
    total += s[c];
  }
  world.globals.bloc_investment = {};
  for (int c = 0; c < k.n; ++c) {
    s[c] = total > 0 ? s[c] / total : 0.0;
    k.ai_investment_usd[c] = pool * s[c];
    world.globals.bloc_investment[static_cast<int>(k.bloc[c])] += k.ai_investment_usd[c];
  }
}

double compute_purchases(const Params& params, const World& world, int c) {
  const CapitalParams& p = params.capital;
  const Countries& k = world.countries;
  const double share =
      k.bloc[c] == Bloc::kChina ? p.compute_capex_share_china : p.compute_capex_share;
  double additions = share * k.ai_investment_usd[c] * world.globals.compute_per_usd;
  if (k.control_tier[c] == 2) additions = std::min(additions, k.tier2_cap_pflops[c]);
  if (k.control_tier[c] >= 3) additions *= k.tier3_factor[c];
  return additions;
}

void update_open_effort(World& world, std::array<double, 3>& effort) {
  const Countries& k = world.countries;
  effort = {};
  double total = 0;
  for (int c = 0; c < k.n; ++c) {
    effort[static_cast<int>(k.bloc[c])] += k.compute_additions[c];
    total += k.compute_additions[c];
  }
  for (double& e : effort) e = total > 0 ? e / total : 0.0;
}

void update_cloud(const Params& params, World& world, double dt) {
  (void)params;
  Countries& k = world.countries;
  const double price = world.globals.cloud_price_usd;
  for (int c = 0; c < k.n; ++c) {
    double cloud = price > 0 ? k.cloud_spend_usd[c] / price : 0.0;
    if (k.control_tier[c] == 2) {
      // Purchases first; the cloud may rise by what the cap leaves.
      const double room = std::max(0.0, k.tier2_cap_pflops[c] - k.compute_additions[c]);
      cloud = std::min(cloud, k.cloud_pflops[c] + room * dt);
    } else if (k.control_tier[c] >= 3 && k.bloc[c] != Bloc::kChina) {
      cloud = 0;  // no controlled cloud: bloc-us providers host everyone outside bloc china
    }
    k.cloud_pflops[c] = cloud;
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
  (void)params;
  Countries& k = world.countries;
  double k_world = 0;
  for (int c = 0; c < k.n; ++c) k_world += k.compute_pflops[c];
  for (int c = 0; c < k.n; ++c) {
    k.compute_share[c] = k_world > 0 ? k.compute_pflops[c] / k_world : 0.0;
    // M6: own stock plus rented cloud, no free term.
    const double per_worker = (k.compute_pflops[c] + k.cloud_pflops[c]) / k.labour_force[c];
    k.compute_access[c] = std::min(1.0, per_worker / world.globals.k_need);
  }
}

void capital_politics_phase(const Params& params, World& world, const TickContext& ctx) {
  const CapitalParams& p = params.capital;
  Countries& k = world.countries;
  Globals& g = world.globals;
  const double dt = ctx.dt;

  g.investment_pool_usd = investment_pool(p, ctx.month);
  allocate_investment(params, world, g.investment_pool_usd, ctx.month.year);

  for (int c = 0; c < k.n; ++c) {
    k.ai_capital_usd[c] =
        relax(k.ai_capital_usd[c], k.ai_investment_usd[c], p.capital_depreciation, dt);
    // Compute: capex bought at the current price-performance, limited by the country's tier.
    // The tier's cap and substitute factor are per country (export_controls may set them);
    // hubs and hard infrastructure add their compute outside the tier.
    k.compute_additions[c] = compute_purchases(params, world, c);
    const double additions = k.compute_additions[c] + k.lever_compute_additions[c];
    k.compute_pflops[c] = relax(k.compute_pflops[c], additions, p.compute_depreciation, dt);
  }
  // M5's open effort of t, which the technology phase of t + 1 reads.
  update_open_effort(world, g.open_effort);
  update_cloud(params, world, dt);
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
