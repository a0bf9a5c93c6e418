// Per-country provider options and firm transition rates, computed once per tick.
#pragma once

#include <array>

#include "models/params.hpp"
#include "models/world.hpp"

namespace models {

// What one country's firms see of each provider this tick.
struct ProviderView {
  std::array<double, kProviders> fit{}, price{}, utility{}, coverage{};
  std::array<bool, kProviders> available{};
};

ProviderView provider_view(const Params& params, const World& world, int c);
// Fills world.firm_rates from the state after phases 1-4 and the aggregates of t - 1.
void compute_firm_rates(const Params& params, World& world, double dt);

}  // namespace models
