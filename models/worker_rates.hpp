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

}  // namespace models
