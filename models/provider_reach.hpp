// What the providers a country's people can reach offer them: the best language fit (M1) and
// the price of heavy use (M2) of MODEL.md section 9.
#pragma once

#include "models/params.hpp"
#include "models/world.hpp"

namespace models {

// M1's lf_best_c: the best language fit among the providers country c's people can reach
// (state of t - 1 and the technology of t).
double best_language_fit(const Params& params, const World& world, int c);
// M2's price_c: the lowest price per covered task, price_q / coverage_q, over the providers q
// country c's people can reach (a price index, 2023 API = 1 before tokens).
double heavy_use_price(const Params& params, const World& world, int c);

}  // namespace models
