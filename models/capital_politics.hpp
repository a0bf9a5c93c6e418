// Capital and politics helpers shared with initialisation and tests.
#pragma once

#include "models/params.hpp"
#include "models/world.hpp"

namespace models {

// The world pool of private AI investment, USD a year, for a month (MODEL.md section 7).
double investment_pool(const CapitalParams& p, const YearMonth& month);
// Shares s_c ∝ (ai_capital + k0)^alpha exp(beta R) openness, except the data shares of 2023-2025
// (MODEL.md M11) in `year`; writes shares, investment, blocs.
void allocate_investment(const Params& params, World& world, double pool, int year = 2026);
// The rule's weight of country c, (ai_capital + k0)^alpha exp(beta R) openness.
double rule_weight(const Params& params, const World& world, int c);
// PFLOP/s a year that country c's capex buys after its tier (MODEL.md M6).
double compute_purchases(const Params& params, const World& world, int c);
// Each bloc's share of the world's compute purchases (M5's open effort).
void update_open_effort(World& world, std::array<double, 3>& effort);
// Rented cloud compute from the open-weight cloud spend of t - 1, under the tiers (M6).
void update_cloud(const Params& params, World& world, double dt);
// Countries whose budget share of yearly AI investment covers a tenth of the frontier run.
void update_domestic_labs(const Params& params, World& world);
// compute_share and compute_access from the compute stocks.
void update_compute_access(const Params& params, World& world);

}  // namespace models
