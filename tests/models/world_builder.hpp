// Test helper: a tiny hand-built world (four hand-written countries, the section-5 assumptions).
//
// Rule tests build their worlds here rather than from data/, so that every input is visible in
// the test: one country per income group, one of them in bloc china (tier 3 in the history).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "models/country_data.hpp"
#include "models/init.hpp"
#include "models/params.hpp"
#include "models/phases.hpp"
#include "models/world.hpp"
#include "sim/rng.hpp"

namespace test_world {

using models::Bloc;
using models::IncomeGroup;

// MODEL.md section 5, table of assumptions by income group, one column per group.
inline models::IncomeAssumptions income_assumptions(IncomeGroup group) {
  models::IncomeAssumptions a{};
  a.firm_count_share = {0.90, 0.08, 0.015, 0.005};
  switch (group) {
    case IncomeGroup::kHigh:
      a.labour_force_ratio = 0.50, a.female_share = 0.45, a.youth_share = 0.10;
      a.skill = {0.15, 0.50, 0.35};
      a.exposed_complementary = 0.27, a.exposed_substitutable = 0.33, a.data_work_share = 0;
      a.firms_per_1000_workers = 60;
      a.output_share = {0.20, 0.15, 0.20, 0.45};
      a.gdp_growth = 0.015, a.labour_force_growth = 0.002, a.internet_growth = 0.05;
      break;
    case IncomeGroup::kUpperMiddle:
      a.labour_force_ratio = 0.50, a.female_share = 0.42, a.youth_share = 0.13;
      a.skill = {0.30, 0.50, 0.20};
      a.exposed_complementary = 0.16, a.exposed_substitutable = 0.24, a.data_work_share = 0.003;
      a.firms_per_1000_workers = 40;
      a.output_share = {0.25, 0.18, 0.20, 0.37};
      a.gdp_growth = 0.030, a.labour_force_growth = 0.005, a.internet_growth = 0.08;
      break;
    case IncomeGroup::kLowerMiddle:
      a.labour_force_ratio = 0.42, a.female_share = 0.33, a.youth_share = 0.17;
      a.skill = {0.45, 0.42, 0.13};
      a.exposed_complementary = 0.16, a.exposed_substitutable = 0.24, a.data_work_share = 0.005;
      a.firms_per_1000_workers = 30;
      a.output_share = {0.30, 0.20, 0.17, 0.33};
      a.gdp_growth = 0.035, a.labour_force_growth = 0.015, a.internet_growth = 0.08;
      break;
    case IncomeGroup::kLow:
      a.labour_force_ratio = 0.40, a.female_share = 0.42, a.youth_share = 0.22;
      a.skill = {0.60, 0.33, 0.07};
      a.exposed_complementary = 0.08, a.exposed_substitutable = 0.18, a.data_work_share = 0.005;
      a.firms_per_1000_workers = 20;
      a.output_share = {0.35, 0.20, 0.15, 0.30};
      a.gdp_growth = 0.030, a.labour_force_growth = 0.025, a.internet_growth = 0.06;
      break;
  }
  return a;
}

inline models::CountryRecord record(const std::string& iso3, IncomeGroup income, Bloc bloc,
                                    const std::string& region, double population, double gdp,
                                    double internet, std::array<double, 4> pillars, double compute,
                                    double cset, double language_fit, bool africa = false) {
  models::CountryRecord r{};
  r.iso3 = iso3;
  r.name = "Country " + iso3;
  r.region = region;
  r.income = income;
  r.population = population;
  r.gdp_per_capita_usd = gdp;
  r.internet_share = internet;
  r.pillars = pillars;
  r.imputed = {false, false, false, false};
  r.compute_pflops_2023 = compute;
  r.compute16_pflops_2023 = compute;  // model v2 compute (M6), the same number in the tiny world
  r.cset_investment_2019_2023_usd = cset;
  r.cset_investment_2023_usd = cset / 5;
  r.language_fit = language_fit;
  r.bloc = bloc;
  r.africa = africa;
  return r;
}

// Sorts the records by ISO3 (as the loader does, for index_of) and adds the assumptions table.
inline models::CountryData make_data(std::vector<models::CountryRecord> records) {
  models::CountryData data;
  std::sort(records.begin(), records.end(),
            [](const auto& a, const auto& b) { return a.iso3 < b.iso3; });
  data.countries = std::move(records);
  for (int g = 0; g < models::kIncomeGroups; ++g) {
    data.by_income[g] = income_assumptions(static_cast<IncomeGroup>(g));
  }
  data.sha256 = "test";
  return data;
}

// Indices of the four tiny-world countries (sorted by ISO3).
constexpr int kHic = 0;  // AAA: high income, bloc us, tier 1
constexpr int kUmc = 1;  // BBB: upper middle income, bloc china, tier 3
constexpr int kLmc = 2;  // CCC: lower middle income, non-aligned, tier 1, no TOP500 compute
constexpr int kLic = 3;  // DDD: low income, non-aligned, Africa, no compute and no CSET rows

inline models::CountryData tiny_data() {
  return make_data({
      record("AAA", IncomeGroup::kHigh, Bloc::kUs, "North America", 30e6, 60000, 0.90,
             {0.80, 0.75, 0.70, 0.65}, 500, 50e9, 1.0),
      record("BBB", IncomeGroup::kUpperMiddle, Bloc::kChina, "East Asia & Pacific", 40e6, 12000,
             0.70, {0.55, 0.50, 0.50, 0.45}, 100, 10e9, 0.85),
      record("CCC", IncomeGroup::kLowerMiddle, Bloc::kNonAligned, "South Asia", 50e6, 2500, 0.45,
             {0.35, 0.40, 0.30, 0.35}, 0, 1e8, 0.7),
      record("DDD", IncomeGroup::kLow, Bloc::kNonAligned, "Sub-Saharan Africa", 20e6, 800, 0.20,
             {0.20, 0.25, 0.15, 0.20}, 0, 0, 0.5, true),
  });
}

inline models::Params tiny_params(std::int64_t workers = 4000, std::int64_t firms = 2000) {
  models::Params p;
  p.population.workers = workers;
  p.population.firms = firms;
  return p;
}

inline std::uint64_t test_seed() { return sim::member_seed(20230101, 0); }

inline models::World tiny_world(const models::Params& params, std::uint64_t seed = test_seed()) {
  return models::make_world(params, tiny_data(), seed);
}

// Agent index ranges of a country and of a (country, size class).
inline std::uint32_t worker_begin(const models::World& w, int c) {
  return w.countries.worker_offset[c];
}
inline std::uint32_t worker_end(const models::World& w, int c) {
  return w.countries.worker_offset[c + 1];
}
inline std::uint32_t firm_begin(const models::World& w, int c, int s) {
  return w.countries.firm_offset[static_cast<std::size_t>(c) * models::kSizes + s];
}
inline std::uint32_t firm_end(const models::World& w, int c, int s) {
  return w.countries.firm_offset[static_cast<std::size_t>(c) * models::kSizes + s + 1];
}

// Per-tick yearly hazard behind a per-tick probability: -ln(1 - p) / dt.
inline double hazard_of(double p, double dt) { return -std::log1p(-p) / dt; }

}  // namespace test_world
