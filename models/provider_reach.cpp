// Provider reach, prices, language fit and coverage per country (MODEL.md section 9, M1-M4).
#include "models/provider_reach.hpp"

#include <algorithm>
#include <limits>

namespace models {

std::array<bool, kProviders> reachable_providers(const World& world, int c) {
  const Countries& k = world.countries;
  return {k.control_tier[c] < 3, k.domestic_lab[c] != 0, true};
}

std::array<double, kProviders> provider_prices(const World& world, int c) {
  const Countries& k = world.countries;
  const Globals& g = world.globals;
  const double open = g.local_cost * k.local_cost_factor[c] / std::max(k.compute_access[c], 1e-6);
  return {g.api_price, g.api_price, open};
}

std::array<double, kProviders> provider_language_fit(const World& world, int c) {
  const Countries& k = world.countries;
  return {k.language_fit[c], k.language_fit[c], k.language_fit_open[c]};
}

std::array<double, kProviders> provider_coverage(const World& world, int c) {
  const Globals& g = world.globals;
  return {g.coverage, g.coverage, world.countries.coverage_open[c]};
}

double best_language_fit(const Params& params, const World& world, int c) {
  (void)params;
  const auto reach = reachable_providers(world, c);
  const auto fit = provider_language_fit(world, c);
  double best = 0;
  for (int q = 0; q < kProviders; ++q) {
    if (reach[q]) best = std::max(best, fit[q]);
  }
  return best;
}

double heavy_use_price(const Params& params, const World& world, int c) {
  (void)params;
  const auto reach = reachable_providers(world, c);
  const auto price = provider_prices(world, c);
  const auto coverage = provider_coverage(world, c);
  double best = std::numeric_limits<double>::infinity();
  for (int q = 0; q < kProviders; ++q) {
    if (reach[q]) best = std::min(best, price[q] / std::max(coverage[q], 1e-12));
  }
  return best;
}

}  // namespace models
