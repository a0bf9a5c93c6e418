// Experimental designs in the unit cube: full factorial grids and Latin hypercubes, deterministic.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sim {

// Every combination of the levels of each factor, the first factor varying slowest (the order
// of nested loops written in factor order, as itertools.product and expand.grid's reverse give).
// Row i holds one value per factor. An empty factor list gives one empty row.
std::vector<std::vector<double>> full_grid(const std::vector<std::vector<double>>& levels);

// `n` points in [0, 1)^d such that each of the n equal strata of every axis holds exactly one
// point, jittered uniformly within its stratum. The permutations and jitter come from Philox
// keyed by `seed` (no std:: distribution), so the design is the same on every platform.
std::vector<std::vector<double>> latin_hypercube(std::size_t n, std::size_t d, std::uint64_t seed);

// Maps a unit value to [lo, hi], linearly or (log_scale, lo > 0) evenly in log space; the result
// is clamped to [lo, hi] so rounding in exp/log cannot leave the range.
double scale_unit(double u, double lo, double hi, bool log_scale);

// `n` evenly spaced values from lo to hi inclusive (n >= 2), or in log space; lo and hi exactly.
std::vector<double> spaced_levels(double lo, double hi, std::size_t n, bool log_scale);

}  // namespace sim
