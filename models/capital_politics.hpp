// Capital and politics helpers shared with initialisation and tests.
#pragma once

#include "models/params.hpp"
#include "models/world.hpp"

namespace models {

// The world pool of private AI investment, USD a year, for a month (MODEL.md section 7).
double investment_pool(const CapitalParams& p, const YearMonth& month);
// Shares s_c ∝ (ai_capital + k0)^alpha exp(beta R) openness; writes shares, investment, blocs.
void allocate_investment(const Params& params, World& world, double pool);
// Countries whose budget share of yearly AI investment covers a tenth of the frontier run.
void update_domestic_labs(const Params& params, World& world);
// compute_share and compute_access from the compute stocks.
void update_compute_access(const Params& params, World& world);

}  // namespace models
