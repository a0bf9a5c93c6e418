// M8, talent follows compute (MODEL.md 9): the LinkedIn net AI-talent migration data, the fit of
// the flow on compute per worker, and the phase-4 flow that reweights AI-skilled workers.
#pragma once

#include <map>
#include <string>

#include "models/params.hpp"
#include "models/world.hpp"
#include "sim/csv.hpp"

namespace models {

struct TickContext;

inline constexpr const char* kTalentMigrationFile = "linkedin_ai_talent_net_migration.csv";
inline constexpr const char* kTalentConcentrationFile =
    "ai_talent_concentration_linkedin_2016_2023.csv";

// The yearly flow of AI talent, as a share of the country's AI talent, where both LinkedIn
// files have the country: (mean net migration per 10,000 members 2019-2024 / 1e4) / (AI-talent
// concentration / 100), the concentration being the mean of the female and male values of the
// latest year up to 2023. Throws sim::InputError (kData) on a malformed row.
std::map<std::string, double> read_talent_flows(const sim::CsvTable& migration,
                                                const sim::CsvTable& concentration);

// Fits flow = intercept + slope ln(compute per worker / world compute per worker) by least
// squares over the countries with data (state at tick 0) into the globals; slope 0 with fewer
// than three such countries.
void fit_talent_flow(World& world);

// Phase 4 (serial, t - 1 values): each country's flow (the data before 2025-01 where it exists,
// else the fit plus talent_premium_effect times the premium gap), applied to the weight of its
// AI-skilled workers, its labour force and population; writes ai_talent_net_flow.
void apply_talent_flow(const Params& params, World& world, const TickContext& ctx);

}  // namespace models
