// What a country's people can reach of each provider class (MODEL.md section 9, M1, M2, M4):
// per-country values that the worker side reads, computed from the state of t - 1.
#pragma once

#include "models/params.hpp"
#include "models/world.hpp"

namespace models {

// Whether the country can reach each provider (closed_foreign, closed_domestic, open_weight):
// closed_foreign unless tier 3, closed_domestic where a domestic lab exists, open weights always.
std::array<bool, kProviders> reachable_providers(const World& world, int c);
// Price index of each provider class in the country (2023 closed API price = 1): the closed
// price with its mark-up, and open weights' local cost over compute access (at least 1e-6).
std::array<double, kProviders> provider_prices(const World& world, int c);
// Language fit of each provider class in the country: closed providers take the closed fit.
std::array<double, kProviders> provider_language_fit(const World& world, int c);
// Coverage of each provider class: the frontier's for closed, the country's open capability's.
std::array<double, kProviders> provider_coverage(const World& world, int c);

// M1's lf_best_c: the best language fit among the providers country c's people can reach.
double best_language_fit(const Params& params, const World& world, int c);
// M2's price_c: the smallest price_q / coverage_q over the reachable providers q (price index,
// 2023 API = 1, before tokens).
double heavy_use_price(const Params& params, const World& world, int c);

}  // namespace models
