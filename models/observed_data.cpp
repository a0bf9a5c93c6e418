// Reading the observed figures of the patterns: one small reader per file, each selecting the
// rows MODEL.md section 1 names and refusing a file that lacks them.
#include "models/observed_data.hpp"

#include <filesystem>
#include <functional>
#include <numeric>

#include "models/country_data.hpp"
#include "sim/csv.hpp"
#include "sim/error.hpp"

namespace models {

namespace {

using sim::CsvTable;
using sim::InputError;
using sim::InputKind;

constexpr const char* kInvestmentFile = "ai_private_investment_by_country.csv";
constexpr const char* kInvestment2023File = "ai_private_investment_aiindex_2013_2024.csv";
constexpr const char* kComputeFile = "epoch_ai_compute_by_country.csv";
constexpr const char* kUsUseFile = "us_genai_adoption_timeseries.csv";
constexpr const char* kEuIndividualsFile = "eurostat_individuals_genai_use_2025.csv";
constexpr const char* kEuEnterprisesFile = "eurostat_enterprises_ai_use.csv";
constexpr const char* kBtosFile = "us_census_btos_ai_use_national_by_size.csv";
constexpr const char* kAnthropicFile = "anthropic_economic_index_country_usage.csv";
constexpr const char* kTalentFlowFile = "linkedin_ai_talent_net_migration.csv";
constexpr const char* kTalentConcentrationFile = "ai_talent_concentration_linkedin_2016_2023.csv";

// A row predicate over named columns: every (column, value) pair must match exactly.
using Match = std::vector<std::pair<const char*, std::string>>;

std::vector<std::size_t> rows_matching(const CsvTable& t, const Match& match) {
  std::vector<std::pair<int, std::string>> cols;
  for (const auto& [name, value] : match) cols.emplace_back(t.column(name), value);
  std::vector<std::size_t> out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    bool ok = true;
    for (const auto& [c, value] : cols) ok = ok && t.text(r, c) == value;
    if (ok) out.push_back(r);
  }
  return out;
}

std::string describe(const Match& match) {
  std::string out;
  for (const auto& [name, value] : match) {
    out += (out.empty() ? "" : ", ") + std::string(name) + " '" + value + "'";
  }
  return out;
}

// The one row that matches; a missing or repeated row is an error at the header or the repeat.
std::size_t unique_row(const CsvTable& t, const Match& match) {
  const std::vector<std::size_t> rows = rows_matching(t, match);
  if (rows.empty()) {
    throw InputError(InputKind::kData, t.header_location(), match.front().first,
                     "no row with " + describe(match) + " (a pattern needs it)");
  }
  if (rows.size() > 1)
    t.fail(rows[1], t.column(match.front().first), "repeats the row of " + describe(match));
  return rows.front();
}

double unique_value(const CsvTable& t, const Match& match, const char* column) {
  return t.number(unique_row(t, match), t.column(column));
}

// iso3 -> value over the rows that match, each iso3 once; rows with an empty iso3 (aggregates)
// are skipped.
std::map<std::string, double> by_iso3(const CsvTable& t, const Match& match, const char* iso3_col,
                                      const char* value_col) {
  const int c_iso3 = t.column(iso3_col), c_value = t.column(value_col);
  std::map<std::string, double> out;
  for (std::size_t r : rows_matching(t, match)) {
    if (t.empty(r, c_iso3)) continue;
    if (!out.emplace(t.text(r, c_iso3), t.number(r, c_value)).second) {
      t.fail(r, c_iso3, "repeats the country for " + describe(match));
    }
  }
  if (out.empty()) {
    throw InputError(InputKind::kData, t.header_location(), value_col,
                     "no country row with " + describe(match) + " (a pattern needs them)");
  }
  return out;
}

std::map<int, InvestmentYear> read_investment(const CsvTable& t) {
  std::map<int, InvestmentYear> out;
  for (int year : {2024, 2025}) {
    const std::string y = std::to_string(year);
    InvestmentYear& v = out[year];
    v.usa = unique_value(t, {{"year", y}, {"iso3", "USA"}}, "private_investment_usd_bn");
    v.chn = unique_value(t, {{"year", y}, {"iso3", "CHN"}}, "private_investment_usd_bn");
    // The World total of the edition that first published the year (a later edition's
    // restatement is not used, MODEL.md M11).
    const std::string edition = "AI Index " + std::to_string(year + 1);
    const int c_source = t.column("source");
    std::vector<std::size_t> world;
    for (std::size_t r : rows_matching(t, {{"year", y}, {"geography", "World"}})) {
      if (t.text(r, c_source).rfind(edition + ",", 0) == 0) world.push_back(r);
    }
    if (world.size() != 1) {
      throw InputError(InputKind::kData, t.header_location(), "source",
                       "expected one World row of " + y + " from the " + edition + " edition",
                       std::to_string(world.size()));
    }
    v.world = t.number(world.front(), t.column("private_investment_usd_bn"));
    if (v.world <= 0) t.fail(world.front(), t.column("private_investment_usd_bn"), "not positive");
  }
  return out;
}

// 2023 from the AI Index series in constant 2021 USD (OWID codes; the world is OWID_WRL).
InvestmentYear read_investment_2023(const CsvTable& t) {
  const auto value = [&](const char* code) {
    return unique_value(t, {{"code", code}, {"year", "2023"}},
                        "private_investment_constant_2021_usd");
  };
  return {value("USA"), value("CHN"), value("OWID_WRL")};
}

std::map<std::string, double> read_compute(const CsvTable& t, const std::string& date) {
  return by_iso3(t, {{"method", "standard_superseded_removed"}, {"snapshot_date", date}}, "iso3",
                 "flop16_per_s");
}

std::map<std::string, double> read_eu_individuals(const CsvTable& t) {
  return by_iso3(t,
                 {{"population_group", "All individuals"},
                  {"indicator", "Use of generative AI tools: in the last 3 months"},
                  {"unit", "Percentage of individuals"}},
                 "iso3", "value_pct");
}

// Eurostat enterprise rows carry Eurostat codes only: the EU27 member states are mapped here.
std::map<std::string, double> read_eu_enterprises_by_country(const CsvTable& t, int year) {
  std::map<std::string, double> out;
  for (const auto& [code, iso3] : eu27_eurostat_iso3()) {
    out[iso3] = unique_value(t,
                             {{"geo_code_eurostat", code},
                              {"year", std::to_string(year)},
                              {"size_class", "10+ employees (GE10)"}},
                             "value_pct");
  }
  return out;
}

double read_eu_enterprises_total(const CsvTable& t, int year) {
  return unique_value(t,
                      {{"geo_code_eurostat", "EU27_2020"},
                       {"year", std::to_string(year)},
                       {"size_class", "10+ employees (GE10)"}},
                      "value_pct");
}

double read_btos(const CsvTable& t, const std::string& cycle) {
  return unique_value(t,
                      {{"cycle", cycle},
                       {"employment_size_class", "all"},
                       {"measure", "use_last_two_weeks"},
                       {"answer", "Yes"},
                       {"question_version", "old_producing_goods_or_services"}},
                      "estimate_pct");
}

std::map<std::string, double> read_aui(const CsvTable& t) {
  const int c_iso3 = t.column("iso3"), c_aui = t.column("aui_published_anthropic");
  std::map<std::string, double> out;
  for (std::size_t r : rows_matching(t, {{"release", "release_2025_09_15"},
                                         {"geo_type", "country"},
                                         {"meets_200_conversation_floor", "yes"}})) {
    if (t.empty(r, c_aui)) continue;  // over the floor but not published (PSE)
    if (!out.emplace(t.text(r, c_iso3), t.number(r, c_aui)).second) {
      t.fail(r, c_iso3, "repeats the country in release_2025_09_15");
    }
  }
  if (out.empty()) {
    throw InputError(InputKind::kData, t.header_location(), "aui_published_anthropic",
                     "no published AUI in release_2025_09_15 (SF16 needs them)");
  }
  return out;
}

// Mean of 2019-2024 of the AI Index 2025 rows (the 2025 rows are a later transcription).
std::map<std::string, double> read_talent_flow(const CsvTable& t) {
  const int c_iso3 = t.column("iso3"), c_year = t.column("year"),
            c_value = t.column("net_ai_talent_migration_per_10k_members"),
            c_vintage = t.column("source_vintage");
  std::map<std::string, std::pair<double, int>> sums;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const long long year = t.integer(r, c_year);
    if (year < 2019 || year > 2024 || t.text(r, c_vintage).rfind("AI Index 2025", 0) != 0) continue;
    auto& [sum, n] = sums[t.text(r, c_iso3)];
    sum += t.number(r, c_value);
    ++n;
  }
  std::map<std::string, double> out;
  for (const auto& [iso3, s] : sums) out[iso3] = s.first / s.second;
  if (out.empty()) {
    throw InputError(InputKind::kData, t.header_location(), "year",
                     "no AI Index 2025 rows of 2019-2024 (SF19 needs them)");
  }
  return out;
}

std::set<std::string> read_talent_concentration(const CsvTable& t) {
  const int c_iso3 = t.column("iso3");
  std::set<std::string> out;
  for (std::size_t r = 0; r < t.size(); ++r) out.insert(t.text(r, c_iso3));
  return out;
}

}  // namespace

const std::vector<std::string>& observed_data_file_names() {
  static const std::vector<std::string> names = {
      kInvestmentFile,    kInvestment2023File,     kComputeFile, kUsUseFile,
      kEuIndividualsFile, kEuEnterprisesFile,      kBtosFile,    kAnthropicFile,
      kTalentFlowFile,    kTalentConcentrationFile};
  return names;
}

const std::vector<std::pair<std::string, std::string>>& eu27_eurostat_iso3() {
  static const std::vector<std::pair<std::string, std::string>> codes = {
      {"AT", "AUT"}, {"BE", "BEL"}, {"BG", "BGR"}, {"CY", "CYP"}, {"CZ", "CZE"}, {"DE", "DEU"},
      {"DK", "DNK"}, {"EE", "EST"}, {"EL", "GRC"}, {"ES", "ESP"}, {"FI", "FIN"}, {"FR", "FRA"},
      {"HR", "HRV"}, {"HU", "HUN"}, {"IE", "IRL"}, {"IT", "ITA"}, {"LT", "LTU"}, {"LU", "LUX"},
      {"LV", "LVA"}, {"MT", "MLT"}, {"NL", "NLD"}, {"PL", "POL"}, {"PT", "PRT"}, {"RO", "ROU"},
      {"SE", "SWE"}, {"SI", "SVN"}, {"SK", "SVK"}};
  return codes;
}

ObservedData load_observed_data(const std::string& dir) { return load_observed_data_with(dir, {}); }

ObservedData load_observed_data_with(const std::string& dir,
                                     std::map<std::string, std::string> files) {
  const auto table = [&](const char* name) {
    const std::string path = (std::filesystem::path(dir) / name).string();
    const auto it = files.find(name);
    const std::string bytes =
        it != files.end() ? it->second : sim::read_input_file(path, InputKind::kData);
    return sim::parse_csv(bytes, path, InputKind::kData);
  };
  ObservedData o;
  o.dir = dir;
  o.sha256 = data_sha256(dir, files);
  o.investment = read_investment(table(kInvestmentFile));
  o.investment[2023] = read_investment_2023(table(kInvestment2023File));
  {
    const CsvTable t = table(kComputeFile);
    o.compute_2023_12 = read_compute(t, "2023-12-31");
    o.compute_2025_06 = read_compute(t, "2025-06-30");
  }
  {
    const CsvTable t = table(kUsUseFile);
    o.us_use_2024_08 = unique_value(
        t, {{"series_id", "rps_overall_rev"}, {"fieldwork_start", "2024-08"}}, "value_pct");
    o.us_use_2025_08 = unique_value(
        t, {{"series_id", "rps_overall_rev"}, {"fieldwork_start", "2025-08"}}, "value_pct");
  }
  o.eu_individual_use = read_eu_individuals(table(kEuIndividualsFile));
  {
    const CsvTable t = table(kEuEnterprisesFile);
    o.eu_enterprise_use_2024 = read_eu_enterprises_total(t, 2024);
    o.eu_enterprise_use_2025 = read_eu_enterprises_total(t, 2025);
    o.eu_enterprise_use_by_country_2024 = read_eu_enterprises_by_country(t, 2024);
    o.eu_enterprise_use_by_country_2025 = read_eu_enterprises_by_country(t, 2025);
  }
  {
    const CsvTable t = table(kBtosFile);
    o.us_firm_use_2023_09 = read_btos(t, "202320");
    o.us_firm_use_2025_09 = read_btos(t, "202520");
  }
  o.aui_2025_08 = read_aui(table(kAnthropicFile));
  o.talent_net_migration = read_talent_flow(table(kTalentFlowFile));
  o.talent_concentration = read_talent_concentration(table(kTalentConcentrationFile));
  return o;
}

void check_same_data(const std::vector<const RunData*>& runs, const ObservedData& observed) {
  for (const RunData* run : runs) {
    const std::optional<std::string> sha = run->attribute("data_sha256");
    if (!sha || sha->empty()) {
      throw InputError(InputKind::kIo, {run->path(), 0, 0}, "data_sha256",
                       "the run does not record the hash of its data, so facts cannot check "
                       "that they compare it with the data it used");
    }
    if (*sha != observed.sha256) {
      throw InputError(InputKind::kData, {run->path(), 0, 0}, "data_sha256",
                       "the run used other data than " + observed.dir + " (data_sha256 " +
                           observed.sha256 + "): pass the run's data directory with --data",
                       *sha);
    }
  }
}

}  // namespace models
