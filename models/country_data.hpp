// The calibration data of the model's countries, loaded and checked from the CSVs in data/.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <vector>

namespace models {

// World Bank income groups (FY2025 classification), ordered from poorest to richest.
enum class IncomeGroup : std::uint8_t { kLow = 0, kLowerMiddle = 1, kUpperMiddle = 2, kHigh = 3 };
constexpr int kIncomeGroups = 4;
// "low", "lower_middle", "upper_middle", "high" (the spelling in data/ and in outputs).
const char* income_group_name(IncomeGroup group);

// MODEL.md section 5's table of assumptions, one set per income group
// (data/assumptions_by_income_group.csv). Shares are fractions; rates are per year.
struct IncomeAssumptions {
  double labour_force_ratio;                            // labour force / population
  double female_share;                                  // of the labour force
  double youth_share;                                   // of the labour force, aged 15-24
  std::array<double, 3> skill;                          // low, mid, high; sums to 1
  double exposed_complementary, exposed_substitutable;  // shares of employment
  double data_work_share;                               // of the labour force
  double firms_per_1000_workers;
  std::array<double, 4> firm_count_share, output_share;  // micro, small, medium, large; sum to 1
  double gdp_growth, labour_force_growth, internet_growth;
};

enum class Bloc : std::uint8_t { kUs = 0, kChina = 1, kNonAligned = 2 };
// "us", "china", "non_aligned".
const char* bloc_name(Bloc bloc);

struct CountryRecord {
  std::string iso3, name, region;  // World Bank name and region
  IncomeGroup income;
  double population;              // 2023, persons
  double gdp_per_capita_usd;      // latest year 2019-2023, current USD (the model's 2021 USD proxy)
  double internet_share;          // 0-1
  std::array<double, 4> pillars;  // di, hc, ie, re on 0-1 (data x 4), missing ones imputed
  std::array<bool, 4> imputed;
  double compute_pflops_2023;            // TOP500 2023-06 Rmax sum, 0 if none
  double cset_investment_2019_2023_usd;  // 0 if no rows
  double language_fit;
  Bloc bloc;
  bool africa;  // Sub-Saharan Africa region or one of DZA, EGY, LBY, MAR, TUN, DJI

  // Model v2 supply side (MODEL.md section 9, M3, M6, M11). NaN marks a country without data.
  double epoch_pflops_2023 = 0;  // 16-bit PFLOP/s of Epoch records operational at 2023-01-01
  bool epoch_record = false;     // the country has at least one such record
  // AI compute at 2023-01 in 16-bit PFLOP/s: the Epoch sum, else phi * Rmax (phi the median
  // Epoch/TOP500 ratio over countries with both); the compute floor applies at initialisation.
  double compute16_pflops_2023 = 0;
  double enterprise_ai_2023 = std::numeric_limits<double>::quiet_NaN();  // Eurostat, 10+, 0-1
  double cset_investment_2023_usd = 0;
  double investment_share_2024 = std::numeric_limits<double>::quiet_NaN();  // of the world
  double investment_share_2025 = std::numeric_limits<double>::quiet_NaN();
  // M8: LinkedIn AI-talent flow 2019-2024, share of AI talent a year; NaN where a file lacks it.
  double talent_flow_data = std::numeric_limits<double>::quiet_NaN();
};

struct CountryData {
  std::vector<CountryRecord> countries;                    // sorted by iso3
  std::array<IncomeAssumptions, kIncomeGroups> by_income;  // indexed by IncomeGroup
  // Hash of the data files used (the `data_sha256` output attribute): SHA-256 over, for each
  // used file in name order, its name, a NUL, its bytes. The files used include the observed
  // data the patterns compare with (observed_data_file_names), read but not parsed here. Names,
  // not paths, so the hash does not depend on where the data lives.
  std::string sha256;
  std::vector<std::string> files_used;          // file names, in name order
  double epoch_top500_ratio = 0;                // phi of MODEL.md M6
  int index_of(const std::string& iso3) const;  // -1 if absent
};

// Loads the data in `dir`. `only` (ISO3 codes) restricts to those countries (each must be a
// usable country, else InputError kData naming the code); empty = all usable countries.
// Throws sim::InputError(kData, {file, line, col}, column or key, reason, got) for a missing
// file, a missing column, a malformed number, a missing row, an inconsistent value, etc.
CountryData load_country_data(const std::string& dir, const std::vector<std::string>& only = {});
// The same with some files given as bytes by name (the others are read from `dir`), so tests and
// the fuzz targets can feed a table without writing it to disk.
CountryData load_country_data_with(const std::string& dir, std::map<std::string, std::string> files,
                                   const std::vector<std::string>& only = {});

// The names of the files in `dir` that load_country_data reads.
const std::vector<std::string>& country_data_file_names();

// The `data_sha256` of the data in `dir` (some files given as bytes by name), by the same rule as
// CountryData::sha256: over the loader's files and the observed data of the patterns
// (observed_data_file_names), each hashed once.
std::string data_sha256(const std::string& dir, std::map<std::string, std::string> files = {});

}  // namespace models
