// The tick: the ordered list of named phases of MODEL.md section 3, as free functions.
#pragma once

#include <array>

#include "models/params.hpp"
#include "models/world.hpp"

namespace models {

// What a phase knows of time. Each record is the state at the end of its tick, dated by the
// tick's first day.
struct TickContext {
  int tick = 0;
  YearMonth month{2023, 1};  // first month of the tick
  double dt = 1.0 / 12.0;    // years
  double t_end = 0;          // years from 2023-01-01 to the end of the tick
};

TickContext make_tick_context(const Params& params, int tick);

void policy_phase(const Params& params, World& world, const TickContext& ctx);
void technology_phase(const Params& params, World& world, const TickContext& ctx);
void capital_politics_phase(const Params& params, World& world, const TickContext& ctx);
void countries_phase(const Params& params, World& world, const TickContext& ctx);
void firms_phase(const Params& params, World& world, const TickContext& ctx);
void workers_phase(const Params& params, World& world, const TickContext& ctx);
void aggregate_phase(const Params& params, World& world, const TickContext& ctx);

using PhaseFn = void (*)(const Params&, World&, const TickContext&);
struct Phase {
  const char* name;
  PhaseFn run;
};

// Phases 1-7; phase 8 (`record`) belongs to the driver, which owns the output file.
inline constexpr std::array<Phase, 7> kPhases = {{
    {"policy", policy_phase},
    {"technology", technology_phase},
    {"capital_politics", capital_politics_phase},
    {"countries", countries_phase},
    {"firms", firms_phase},
    {"workers", workers_phase},
    {"aggregate", aggregate_phase},
}};

// Helpers shared by several phases.

// Per-tick probability of an event with yearly hazard h (clamped at 0): 1 - exp(-h dt).
double tick_probability(double hazard, double dt);
// Logistic coverage of tasks at capability `capability_log10`.
double coverage_at(const TechnologyParams& p, double capability_log10);
// The lowest price index among providers available to country c (closed API or open weights).
double price_min(const Params& params, const World& world, int c);
// Affordability of a price index in a country: 1 / (1 + price / (scale * gdp / 10000)).
double affordability(double price, double afford_scale, double gdp_per_capita_usd);
// Model v2 supply side (MODEL.md section 9). A bloc's open lag at 2023-01 (M5).
double open_lag0(const TechnologyParams& t, int bloc);
// (max(L, 0.25) / 4)^mu: the closed price mark-up at world open lag L (M12).
double closed_markup(const TechnologyParams& t, double open_lag_months);
// USD per PFLOP/s-year of rented compute: markup * (depreciation + 0.05) / compute_per_usd (M6).
double cloud_price(const CapitalParams& p, double compute_per_usd);
// k_need0 * depth_world / depth_world0 * (inference_demand_growth / algorithmic_efficiency)^t
// (M6 with M2's tokens per heavy user; docs/ODD.md, departures).
double k_need_at(const Params& params, const Globals& g, double years_since_2023);
// Depth gate on readiness: 1 / (1 + exp(-(R - threshold) / width)).
double readiness_gate(const FirmParams& p, double readiness);

}  // namespace models
