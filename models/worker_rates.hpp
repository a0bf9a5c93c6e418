// Per-country worker transition rates and the data-work allocation, computed once per tick.
#pragma once

#include "models/params.hpp"
#include "models/world.hpp"

namespace models {

// Mean wage of a country, USD a year: labour share times GDP per worker.
double mean_wage_usd(const Params& params, const Countries& k, int c);
// Allocates world data-work demand to non-HIC countries by pillar_di * internet * data-work
// labour / mean wage; writes data_work_allocation.
void allocate_data_work(const Params& params, World& world);
// Fills world.worker_rates from the state after phases 1-5 and the aggregates of t - 1.
void compute_worker_rates(const Params& params, World& world, double dt);

// Model v2 (MODEL.md 9, M1, M2).
// M1's propensity of a class (skill << 2 | youth << 1 | exposed) before the country term.
double use_class_multiplier(const WorkerParams& p, int use_class);
// M2: tokens per heavy user relative to 2023, inference_demand_growth^t.
double tokens_per_heavy_user(const WorkerParams& p, double years_since_2023);
// M2: the price factor of depth, (1 + spend share / depth_budget_share)^-elasticity.
double depth_price_factor(const WorkerParams& p, double spend_share);
// M2: writes heavy_use_spend_share and depth_factor of every country (production share t - 1).
void compute_depth_factors(const Params& params, World& world, double years_since_2023);
// M1 (departure): Bass's market potential. Of a country's online non-users, only the potential
// adopters start: the use hazard is scaled by (potential - u) / (1 - u), u the users among the
// online (t - 1), and is 0 once u reaches the potential. Exactly 1 at potential 1.
double potential_adopter_share(double potential, double users_among_online);
// M1: the country term of the propensity, pillar_hc^use_hc_exponent x use_norm.
void update_use_country_terms(const Params& params, World& world);

}  // namespace models
