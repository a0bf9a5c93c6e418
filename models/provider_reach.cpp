// Stand-in until per-provider language fit (M4) is built: one fit for every provider, and the
// lowest provider price over the frontier coverage.
#include "models/provider_reach.hpp"

#include <algorithm>

#include "models/phases.hpp"

namespace models {

double best_language_fit(const Params& params, const World& world, int c) {
  (void)params;
  return world.countries.language_fit[c];
}

double heavy_use_price(const Params& params, const World& world, int c) {
  return price_min(params, world, c) / std::max(world.globals.coverage, 1e-6);
}

}  // namespace models
