// Loading and checking of the country calibration data: selection rule, imputation, joins, hash.
#include "models/country_data.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>

#include "models/observed_data.hpp"
#include "models/talent_data.hpp"
#include "sim/csv.hpp"
#include "sim/error.hpp"
#include "sim/sha256.hpp"

namespace models {

namespace {

using sim::CsvTable;
using sim::InputError;
using sim::InputKind;
using sim::SourceLocation;

constexpr const char* kAipiFile = "aipi_2023.csv";
constexpr const char* kWbFile = "countries_wb.csv";
constexpr const char* kTop500File = "top500_by_country.csv";
constexpr const char* kCsetFile = "ai_private_investment_cset_2014_2023.csv";
constexpr const char* kAssumptionsFile = "assumptions_by_income_group.csv";
constexpr const char* kLanguageFile = "language_fit_by_region.csv";
constexpr const char* kBlocsFile = "blocs.csv";
// Model v2 supply side (MODEL.md section 9, M3, M6, M11).
constexpr const char* kEpochRecordsFile = "epoch_gpu_clusters_records.csv";
constexpr const char* kEnterprisesFile = "eurostat_enterprises_ai_use.csv";
constexpr const char* kInvestmentByCountryFile = "ai_private_investment_by_country.csv";

constexpr int kPillars = 4;
// AIPI columns in the order of CountryRecord::pillars (di, hc, ie, re).
constexpr std::array<const char*, kPillars> kPillarColumns = {
    "digital_infrastructure", "human_capital_labor_market_policies",
    "innovation_economic_integration", "regulation_ethics"};
// The IMF publishes pillars on 0-0.25 so that they add up to the 0-1 overall index; the model
// works with 0-1 pillars whose mean is the overall index.
constexpr double kPillarScale = 4.0;
constexpr double kPillarDataMax = 0.25;
// MODEL.md section 2: a country needs at least 3 of the 4 pillars (the fourth is imputed).
constexpr int kMinPillars = 3;

constexpr const char* kTop500List = "2023-06";
constexpr long long kCsetFirstYear = 2019;
constexpr long long kCsetLastYear = 2023;

constexpr const char* kSubSaharanAfrica = "Sub-Saharan Africa";
// Africa in the model's Africa metrics is the continent: World Bank files North Africa and
// Djibouti under Middle East & North Africa, so they are added by code.
constexpr std::array<const char*, 6> kAfricaOutsideSsa = {"DZA", "EGY", "LBY", "MAR", "TUN", "DJI"};

// Shares and sums read from data are compared with this slack, far above rounding error and far
// below any meaningful typo.
constexpr double kSumTolerance = 1e-9;

std::string quoted(const std::string& s) { return "'" + s + "'"; }

[[noreturn]] void fail_at(const SourceLocation& where, const std::string& key,
                          const std::string& reason, const std::string& got = {}) {
  throw InputError(InputKind::kData, where, key, reason, got);
}

std::string format_number(double x) {
  std::ostringstream out;
  out.precision(17);
  out << x;
  return out.str();
}

bool is_iso3(const std::string& s) {
  return s.size() == 3 &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::optional<IncomeGroup> income_from_wb_label(const std::string& label) {
  if (label == "Low income") return IncomeGroup::kLow;
  if (label == "Lower middle income") return IncomeGroup::kLowerMiddle;
  if (label == "Upper middle income") return IncomeGroup::kUpperMiddle;
  if (label == "High income") return IncomeGroup::kHigh;
  return std::nullopt;
}

std::optional<Bloc> bloc_from_name(const std::string& name) {
  for (Bloc b : {Bloc::kUs, Bloc::kChina, Bloc::kNonAligned}) {
    if (name == bloc_name(b)) return b;
  }
  return std::nullopt;
}

// The data files, read once: the same bytes are hashed and parsed.
class DataFiles {
 public:
  explicit DataFiles(const std::string& dir) : dir_(dir) {}

  // Reads every file, in name order, and hashes name, NUL, bytes for each. A file found in
  // `given` is taken from there instead of the directory.
  void read_all(std::vector<std::string> names, std::map<std::string, std::string> given = {}) {
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());  // a file hashed once
    sim::Sha256 hasher;
    for (const std::string& name : names) {
      const auto it = given.find(name);
      std::string bytes = it != given.end() ? std::move(it->second)
                                            : sim::read_input_file(path(name), InputKind::kData);
      hasher.update(name);
      hasher.update(std::string_view("\0", 1));
      hasher.update(bytes);
      bytes_.emplace(name, std::move(bytes));
    }
    names_ = std::move(names);
    sha256_ = hasher.hex_digest();
  }

  CsvTable table(const std::string& name) const {
    return sim::parse_csv(bytes_.at(name), path(name), InputKind::kData);
  }
  std::string path(const std::string& name) const {
    return (std::filesystem::path(dir_) / name).string();
  }
  const std::vector<std::string>& names() const { return names_; }
  const std::string& sha256() const { return sha256_; }

 private:
  std::string dir_;
  std::map<std::string, std::string> bytes_;
  std::vector<std::string> names_;
  std::string sha256_;
};

// One AIPI economy: 0-1 pillars where published, and where its row is.
struct AipiRow {
  std::array<std::optional<double>, kPillars> pillars;
  int available = 0;
};

std::map<std::string, AipiRow> read_aipi(const CsvTable& t) {
  const int c_iso3 = t.column("iso3");
  const int c_n = t.column("n_pillars_available");
  std::array<int, kPillars> c_pillar{};
  for (int p = 0; p < kPillars; ++p) c_pillar[p] = t.column(kPillarColumns[p]);

  std::map<std::string, AipiRow> out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const std::string& iso3 = t.text(r, c_iso3);
    if (!is_iso3(iso3)) t.fail(r, c_iso3, "not an ISO 3166-1 alpha-3 code");
    AipiRow row;
    for (int p = 0; p < kPillars; ++p) {
      const std::optional<double> v = t.optional_number(r, c_pillar[p]);
      if (!v) continue;
      if (*v < 0 || *v > kPillarDataMax) t.fail(r, c_pillar[p], "pillar outside 0-0.25");
      row.pillars[p] = *v * kPillarScale;
      ++row.available;
    }
    if (t.integer(r, c_n) != row.available) {
      t.fail(r, c_n,
             "differs from the number of non-empty pillar cells (" + std::to_string(row.available) +
                 ")");
    }
    if (!out.emplace(iso3, row).second) t.fail(r, c_iso3, "duplicate economy");
  }
  return out;
}

// Imputation of a missing pillar (MODEL.md section 2; documented in data/SOURCES.md). The four
// pillars are strongly correlated (Pearson 0.70-0.89), so for each missing pillar p the value is
// the mean, over the country's available pillars q, of the OLS prediction a_pq + b_pq * x_q, with
// (a_pq, b_pq) fitted on every AIPI economy that has all four pillars (whether or not it is a
// model country, so that `only` cannot change the result), clamped to 0-1. Averaging one-pillar
// fits, instead of regressing p on all available pillars at once, keeps one formula for every
// pattern of missingness and stays stable when the predictors are this collinear.
class PillarImputer {
 public:
  PillarImputer(const std::map<std::string, AipiRow>& aipi, const std::string& file) {
    std::vector<std::array<double, kPillars>> complete;
    for (const auto& [iso3, row] : aipi) {  // iso3 order: a fixed summation order
      if (row.available < kPillars) continue;
      complete.push_back({*row.pillars[0], *row.pillars[1], *row.pillars[2], *row.pillars[3]});
    }
    constexpr std::size_t kMinComplete = 3;
    if (complete.size() < kMinComplete) {
      fail_at({file, 0, 0}, "n_pillars_available",
              "too few economies with all four pillars to impute missing ones",
              std::to_string(complete.size()));
    }
    const double n = static_cast<double>(complete.size());
    std::array<double, kPillars> mean{};
    for (const auto& x : complete) {
      for (int p = 0; p < kPillars; ++p) mean[p] += x[p];
    }
    for (double& m : mean) m /= n;
    for (int p = 0; p < kPillars; ++p) {
      for (int q = 0; q < kPillars; ++q) {
        double cov = 0, var = 0;
        for (const auto& x : complete) {
          cov += (x[p] - mean[p]) * (x[q] - mean[q]);
          var += (x[q] - mean[q]) * (x[q] - mean[q]);
        }
        if (var <= 0) {
          fail_at({file, 0, 0}, kPillarColumns[q], "pillar has no variance; cannot impute");
        }
        slope_[p][q] = cov / var;
        intercept_[p][q] = mean[p] - slope_[p][q] * mean[q];
      }
    }
  }

  std::array<double, kPillars> complete(const AipiRow& row,
                                        std::array<bool, kPillars>& imputed) const {
    std::array<double, kPillars> out{};
    for (int p = 0; p < kPillars; ++p) {
      imputed[p] = !row.pillars[p].has_value();
      if (!imputed[p]) {
        out[p] = *row.pillars[p];
        continue;
      }
      double sum = 0;
      int used = 0;
      for (int q = 0; q < kPillars; ++q) {
        if (!row.pillars[q]) continue;
        sum += intercept_[p][q] + slope_[p][q] * *row.pillars[q];
        ++used;
      }
      out[p] = std::clamp(sum / used, 0.0, 1.0);
    }
    return out;
  }

 private:
  std::array<std::array<double, kPillars>, kPillars> slope_{};
  std::array<std::array<double, kPillars>, kPillars> intercept_{};
};

// Parameter rows of assumptions_by_income_group.csv, in IncomeAssumptions order.
enum class Param {
  kLabourForceRatio,
  kFemaleShare,
  kYouthShare,
  kSkillLow,
  kSkillMid,
  kSkillHigh,
  kExposedComplementary,
  kExposedSubstitutable,
  kDataWorkShare,
  kFirmsPer1000Workers,
  kFirmCountMicro,
  kFirmCountSmall,
  kFirmCountMedium,
  kFirmCountLarge,
  kOutputShareMicro,
  kOutputShareSmall,
  kOutputShareMedium,
  kOutputShareLarge,
  kGdpGrowth,
  kLabourForceGrowth,
  kInternetGrowth,
  kCount
};
constexpr int kParams = static_cast<int>(Param::kCount);
constexpr std::array<const char*, kParams> kParamNames = {"labour_force_ratio",
                                                          "female_share",
                                                          "youth_share",
                                                          "skill_low",
                                                          "skill_mid",
                                                          "skill_high",
                                                          "exposed_complementary",
                                                          "exposed_substitutable",
                                                          "data_work_share",
                                                          "firms_per_1000_workers",
                                                          "firm_count_micro",
                                                          "firm_count_small",
                                                          "firm_count_medium",
                                                          "firm_count_large",
                                                          "output_share_micro",
                                                          "output_share_small",
                                                          "output_share_medium",
                                                          "output_share_large",
                                                          "gdp_growth",
                                                          "labour_force_growth",
                                                          "internet_growth"};

// Valid values: catches a percentage typed where a fraction belongs, and similar slips.
enum class Range { kShare, kPositive, kRate };
Range range_of(Param p) {
  switch (p) {
    case Param::kFirmsPer1000Workers:
      return Range::kPositive;
    case Param::kGdpGrowth:
    case Param::kLabourForceGrowth:
    case Param::kInternetGrowth:
      return Range::kRate;
    default:
      return Range::kShare;
  }
}

std::array<IncomeAssumptions, kIncomeGroups> read_assumptions(const CsvTable& t) {
  const int c_param = t.column("parameter");
  t.column("source");  // every row states its source or reason
  std::array<int, kIncomeGroups> c_group{};
  for (int g = 0; g < kIncomeGroups; ++g) {
    c_group[g] = t.column(income_group_name(static_cast<IncomeGroup>(g)));
  }

  std::array<std::array<double, kParams>, kIncomeGroups> v{};
  std::array<std::optional<std::size_t>, kParams> row_of{};
  for (std::size_t r = 0; r < t.size(); ++r) {
    const std::string& name = t.text(r, c_param);
    const auto it = std::find(kParamNames.begin(), kParamNames.end(), name);
    if (it == kParamNames.end()) t.fail(r, c_param, "unknown parameter");
    const int p = static_cast<int>(it - kParamNames.begin());
    if (row_of[p]) t.fail(r, c_param, "duplicate parameter");
    row_of[p] = r;
    for (int g = 0; g < kIncomeGroups; ++g) {
      const double x = t.number(r, c_group[g]);
      switch (range_of(static_cast<Param>(p))) {
        case Range::kShare:
          if (x < 0 || x > 1) t.fail(r, c_group[g], "share outside 0-1");
          break;
        case Range::kPositive:
          if (x <= 0) t.fail(r, c_group[g], "must be positive");
          break;
        case Range::kRate:
          if (x < -1 || x > 1) t.fail(r, c_group[g], "rate per year outside -1 to 1");
          break;
      }
      v[g][p] = x;
    }
  }
  for (int p = 0; p < kParams; ++p) {
    if (!row_of[p]) fail_at({t.file(), 0, 0}, kParamNames[p], "missing row");
  }

  auto check_sum = [&](Param first, int count, double max_sum, bool exact) {
    for (int g = 0; g < kIncomeGroups; ++g) {
      double sum = 0;
      for (int k = 0; k < count; ++k) sum += v[g][static_cast<int>(first) + k];
      if ((exact && std::abs(sum - 1) > kSumTolerance) || sum > max_sum + kSumTolerance) {
        const std::size_t r = *row_of[static_cast<int>(first)];
        std::string key = kParamNames[static_cast<int>(first)];
        for (int k = 1; k < count; ++k) {
          key += std::string("+") + kParamNames[static_cast<int>(first) + k];
        }
        fail_at(t.location(r, c_group[g]), key + "." + t.header()[c_group[g]],
                exact ? "shares must sum to 1" : "shares must sum to at most 1",
                format_number(sum));
      }
    }
  };
  check_sum(Param::kSkillLow, 3, 1, true);
  check_sum(Param::kFirmCountMicro, 4, 1, true);
  check_sum(Param::kOutputShareMicro, 4, 1, true);
  // Occupations: complementary, substitutable and data work leave the rest not exposed.
  check_sum(Param::kExposedComplementary, 3, 1, false);

  std::array<IncomeAssumptions, kIncomeGroups> out{};
  for (int g = 0; g < kIncomeGroups; ++g) {
    const auto& x = v[g];
    auto at = [&](Param p) { return x[static_cast<int>(p)]; };
    IncomeAssumptions& a = out[g];
    a.labour_force_ratio = at(Param::kLabourForceRatio);
    a.female_share = at(Param::kFemaleShare);
    a.youth_share = at(Param::kYouthShare);
    a.skill = {at(Param::kSkillLow), at(Param::kSkillMid), at(Param::kSkillHigh)};
    a.exposed_complementary = at(Param::kExposedComplementary);
    a.exposed_substitutable = at(Param::kExposedSubstitutable);
    a.data_work_share = at(Param::kDataWorkShare);
    a.firms_per_1000_workers = at(Param::kFirmsPer1000Workers);
    a.firm_count_share = {at(Param::kFirmCountMicro), at(Param::kFirmCountSmall),
                          at(Param::kFirmCountMedium), at(Param::kFirmCountLarge)};
    a.output_share = {at(Param::kOutputShareMicro), at(Param::kOutputShareSmall),
                      at(Param::kOutputShareMedium), at(Param::kOutputShareLarge)};
    a.gdp_growth = at(Param::kGdpGrowth);
    a.labour_force_growth = at(Param::kLabourForceGrowth);
    a.internet_growth = at(Param::kInternetGrowth);
  }
  return out;
}

std::map<std::string, double> read_language_fit(const CsvTable& t) {
  const int c_region = t.column("wb_region");
  const int c_fit = t.column("language_fit");
  t.column("source");
  std::map<std::string, double> out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (t.empty(r, c_region)) t.fail(r, c_region, "missing value");
    const double fit = t.number(r, c_fit);
    if (fit < 0 || fit > 1) t.fail(r, c_fit, "outside 0-1");
    if (!out.emplace(t.text(r, c_region), fit).second) t.fail(r, c_region, "duplicate region");
  }
  return out;
}

// Codes outside the country set are allowed (TWN and PRK are named by the rules but are not
// model countries, MODEL.md section 5); unlisted countries are non-aligned.
std::map<std::string, Bloc> read_blocs(const CsvTable& t) {
  const int c_iso3 = t.column("iso3");
  const int c_bloc = t.column("bloc");
  t.column("source");
  std::map<std::string, Bloc> out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (!is_iso3(t.text(r, c_iso3))) t.fail(r, c_iso3, "not an ISO 3166-1 alpha-3 code");
    const std::optional<Bloc> bloc = bloc_from_name(t.text(r, c_bloc));
    if (!bloc) t.fail(r, c_bloc, "unknown bloc; expected us, china or non_aligned");
    if (!out.emplace(t.text(r, c_iso3), *bloc).second) t.fail(r, c_iso3, "duplicate country");
  }
  return out;
}

std::map<std::string, double> read_top500(const CsvTable& t) {
  const int c_list = t.column("list");
  const int c_iso3 = t.column("iso3");
  const int c_rmax = t.column("rmax_pflops_sum");
  std::map<std::string, double> out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const double rmax = t.number(r, c_rmax);
    if (rmax < 0) t.fail(r, c_rmax, "negative Rmax");
    if (t.text(r, c_list) == kTop500List) out[t.text(r, c_iso3)] += rmax;
  }
  return out;
}

std::map<std::string, double> read_cset(const CsvTable& t) {
  const int c_code = t.column("code");
  const int c_year = t.column("year");
  const int c_usd = t.column("estimated_investment_usd");
  std::map<std::string, double> out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const long long year = t.integer(r, c_year);
    const double usd = t.number(r, c_usd);
    if (usd < 0) t.fail(r, c_usd, "negative investment");
    if (year >= kCsetFirstYear && year <= kCsetLastYear) out[t.text(r, c_code)] += usd;
  }
  return out;
}

// M6: 16-bit PFLOP/s by ISO3 of the Epoch records operational at `date` (YYYY-MM-DD) under the
// rule standard_superseded_removed: standard-analysis records that started by `date`, not
// decommissioned by then, and whose named successor was not yet running. Records without an ISO3
// are dropped (MODEL.md M6).
std::map<std::string, double> read_epoch_records(const CsvTable& t, const std::string& date) {
  const int c_name = t.column("name");
  const int c_standard = t.column("include_in_standard_analysis");
  const int c_first = t.column("first_operational_date");
  const int c_end = t.column("decommissioned_date");
  const int c_successor = t.column("superseded_by");
  const int c_flops = t.column("op_per_s_16bit");
  const int c_iso3 = t.column("iso3");
  std::map<std::string, std::string> start_of;  // record name -> first operational date
  for (std::size_t r = 0; r < t.size(); ++r) start_of[t.text(r, c_name)] = t.text(r, c_first);
  const auto running = [&](const std::string& first) { return !first.empty() && first <= date; };
  std::map<std::string, double> out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (t.text(r, c_standard) != "True" || !running(t.text(r, c_first))) continue;
    if (!t.empty(r, c_end) && t.text(r, c_end) <= date) continue;
    const auto successor = start_of.find(t.text(r, c_successor));
    if (!t.empty(r, c_successor) && successor != start_of.end() && running(successor->second)) {
      continue;
    }
    if (t.empty(r, c_iso3) || t.empty(r, c_flops)) continue;
    if (!is_iso3(t.text(r, c_iso3))) t.fail(r, c_iso3, "not an ISO 3166-1 alpha-3 code");
    const double flops = t.number(r, c_flops);
    if (flops < 0) t.fail(r, c_flops, "negative compute");
    out[t.text(r, c_iso3)] += flops / 1e15;
  }
  return out;
}

// M3: the 2023 share of enterprises (10+ persons employed) using AI, EU27 member states.
std::map<std::string, double> read_enterprises_2023(const CsvTable& t) {
  static const std::map<std::string, std::string> kEu27 = {
      {"AT", "AUT"}, {"BE", "BEL"}, {"BG", "BGR"}, {"CY", "CYP"}, {"CZ", "CZE"}, {"DE", "DEU"},
      {"DK", "DNK"}, {"EE", "EST"}, {"EL", "GRC"}, {"ES", "ESP"}, {"FI", "FIN"}, {"FR", "FRA"},
      {"HR", "HRV"}, {"HU", "HUN"}, {"IE", "IRL"}, {"IT", "ITA"}, {"LT", "LTU"}, {"LU", "LUX"},
      {"LV", "LVA"}, {"MT", "MLT"}, {"NL", "NLD"}, {"PL", "POL"}, {"PT", "PRT"}, {"RO", "ROU"},
      {"SE", "SWE"}, {"SI", "SVN"}, {"SK", "SVK"}};
  const int c_geo = t.column("geo_code_eurostat");
  const int c_year = t.column("year");
  const int c_size = t.column("size_class");
  const int c_value = t.column("value_pct");
  std::map<std::string, double> out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const auto iso3 = kEu27.find(t.text(r, c_geo));
    if (iso3 == kEu27.end() || t.integer(r, c_year) != 2023) continue;
    if (t.text(r, c_size).rfind("10+", 0) != 0) continue;
    const double pct = t.number(r, c_value);
    if (pct < 0 || pct > 100) t.fail(r, c_value, "percentage outside 0-100");
    out[iso3->second] = pct / 100;
  }
  return out;
}

// M11: each country's share of the world's private AI investment in `year` (2024, 2025), over
// the year's first World row (2024: the AI Index 2025 edition's 150.79 bn, not the restatement).
std::map<std::string, double> read_investment_shares(const CsvTable& t, long long year) {
  const int c_year = t.column("year");
  const int c_geo = t.column("geography");
  const int c_iso3 = t.column("iso3");
  const int c_usd = t.column("private_investment_usd_bn");
  double world = 0;
  std::map<std::string, double> out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (t.integer(r, c_year) != year) continue;
    const double bn = t.number(r, c_usd);
    if (bn < 0) t.fail(r, c_usd, "negative investment");
    if (t.text(r, c_geo) == "World" && world == 0) world = bn;
    if (!t.empty(r, c_iso3)) out[t.text(r, c_iso3)] = bn;
  }
  if (world <= 0) {
    fail_at({t.file(), 0, 0}, "geography", "missing World row for " + std::to_string(year));
  }
  for (auto& [iso3, bn] : out) bn /= world;
  return out;
}

std::map<std::string, double> read_cset_year(const CsvTable& t, long long year) {
  const int c_code = t.column("code");
  const int c_year = t.column("year");
  const int c_usd = t.column("estimated_investment_usd");
  std::map<std::string, double> out;
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (t.integer(r, c_year) == year) out[t.text(r, c_code)] += t.number(r, c_usd);
  }
  return out;
}

// Levenshtein distance, case-insensitive, for did-you-mean hints on country codes.
int edit_distance(const std::string& a, const std::string& b) {
  std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = static_cast<int>(i);
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const bool same = std::toupper(static_cast<unsigned char>(a[i - 1])) ==
                        std::toupper(static_cast<unsigned char>(b[j - 1]));
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (same ? 0 : 1)});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string did_you_mean(const std::string& code, const std::set<std::string>& usable) {
  // Three-letter codes are dense: beyond one edit every code is a "near" match, so hint only
  // at distance 0 (case) or 1, and list at most a few.
  constexpr int kMaxDistance = 1;
  constexpr std::size_t kMaxHints = 4;
  int best = kMaxDistance + 1;
  std::vector<std::string> hints;
  for (const std::string& candidate : usable) {
    const int d = edit_distance(code, candidate);
    if (d > kMaxDistance) continue;
    if (d < best) {
      best = d;
      hints.clear();
    }
    if (d == best && hints.size() < kMaxHints) hints.push_back(candidate);
  }
  if (hints.empty()) return {};
  std::string out = "; did you mean ";
  for (std::size_t i = 0; i < hints.size(); ++i) {
    out += (i == 0 ? "" : (i + 1 == hints.size() ? " or " : ", ")) + hints[i];
  }
  return out + "?";
}

}  // namespace

const char* income_group_name(IncomeGroup group) {
  switch (group) {
    case IncomeGroup::kLow:
      return "low";
    case IncomeGroup::kLowerMiddle:
      return "lower_middle";
    case IncomeGroup::kUpperMiddle:
      return "upper_middle";
    case IncomeGroup::kHigh:
      return "high";
  }
  return "?";
}

const char* bloc_name(Bloc bloc) {
  switch (bloc) {
    case Bloc::kUs:
      return "us";
    case Bloc::kChina:
      return "china";
    case Bloc::kNonAligned:
      return "non_aligned";
  }
  return "?";
}

int CountryData::index_of(const std::string& iso3) const {
  const auto it = std::lower_bound(
      countries.begin(), countries.end(), iso3,
      [](const CountryRecord& c, const std::string& code) { return c.iso3 < code; });
  if (it == countries.end() || it->iso3 != iso3) return -1;
  return static_cast<int>(it - countries.begin());
}

const std::vector<std::string>& country_data_file_names() {
  static const std::vector<std::string> names = {
      kAipiFile, kWbFile, kTop500File, kCsetFile, kAssumptionsFile, kLanguageFile, kBlocsFile,
      kEpochRecordsFile, kEnterprisesFile, kInvestmentByCountryFile,
      // Model v2, M8 (models/talent_data.hpp).
      kTalentMigrationFile, kTalentConcentrationFile};
  return names;
}

// Every file a run depends on: the loader's and the observed data `aidivide facts` compares the
// run with, so that the run's data_sha256 pins both and facts can refuse other data.
std::vector<std::string> hashed_file_names() {
  std::vector<std::string> names = country_data_file_names();
  const std::vector<std::string>& observed = observed_data_file_names();
  names.insert(names.end(), observed.begin(), observed.end());
  return names;
}

std::string data_sha256(const std::string& dir, std::map<std::string, std::string> files) {
  DataFiles data(dir);
  data.read_all(hashed_file_names(), std::move(files));
  return data.sha256();
}

CountryData load_country_data(const std::string& dir, const std::vector<std::string>& only) {
  return load_country_data_with(dir, {}, only);
}

CountryData load_country_data_with(const std::string& dir,
                                   std::map<std::string, std::string> files_given,
                                   const std::vector<std::string>& only) {
  DataFiles files(dir);
  files.read_all(hashed_file_names(), std::move(files_given));

  const CsvTable aipi_table = files.table(kAipiFile);
  const std::map<std::string, AipiRow> aipi = read_aipi(aipi_table);
  const PillarImputer imputer(aipi, aipi_table.file());
  const CsvTable language_table = files.table(kLanguageFile);
  const std::map<std::string, double> language_fit = read_language_fit(language_table);
  const std::map<std::string, Bloc> blocs = read_blocs(files.table(kBlocsFile));
  const std::map<std::string, double> top500 = read_top500(files.table(kTop500File));
  const CsvTable cset_table = files.table(kCsetFile);
  const std::map<std::string, double> cset = read_cset(cset_table);
  const std::map<std::string, double> cset_2023 = read_cset_year(cset_table, 2023);
  const std::map<std::string, double> epoch =
      read_epoch_records(files.table(kEpochRecordsFile), "2023-01-01");
  const std::map<std::string, double> enterprises =
      read_enterprises_2023(files.table(kEnterprisesFile));
  const CsvTable investment_table = files.table(kInvestmentByCountryFile);
  const std::map<std::string, double> invest_2024 = read_investment_shares(investment_table, 2024);
  const std::map<std::string, double> invest_2025 = read_investment_shares(investment_table, 2025);
  const std::map<std::string, double> talent =
      read_talent_flows(files.table(kTalentMigrationFile), files.table(kTalentConcentrationFile));

  CountryData data;
  data.by_income = read_assumptions(files.table(kAssumptionsFile));
  data.files_used = files.names();
  data.sha256 = files.sha256();

  // The selection rule of MODEL.md section 2 (scripts/make_countries_used.py applies the same
  // rule to write data/countries_used.csv; a test checks that both agree).
  const CsvTable wb = files.table(kWbFile);
  const int c_iso3 = wb.column("iso3");
  const int c_name = wb.column("name");
  const int c_region = wb.column("wb_region");
  const int c_income = wb.column("wb_income_group");
  const int c_population = wb.column("population_2023");
  const int c_gdp_pc = wb.column("gdp_per_capita_current_usd_latest");
  const int c_internet = wb.column("internet_users_pct");
  std::set<std::string> seen;
  std::map<std::string, std::string> excluded;  // code -> why, for `only` error messages
  for (const auto& [iso3, row] : aipi) {
    excluded[iso3] = "not in " + std::string(kWbFile);
  }
  std::vector<CountryRecord> usable;
  for (std::size_t r = 0; r < wb.size(); ++r) {
    const std::string& iso3 = wb.text(r, c_iso3);
    if (!is_iso3(iso3)) wb.fail(r, c_iso3, "not an ISO 3166-1 alpha-3 code");
    if (!seen.insert(iso3).second) wb.fail(r, c_iso3, "duplicate economy");
    const auto in_aipi = aipi.find(iso3);
    if (in_aipi == aipi.end()) {
      excluded[iso3] = "not in " + std::string(kAipiFile);
      continue;
    }
    std::string missing;
    for (int c : {c_income, c_population, c_gdp_pc, c_internet}) {
      if (wb.empty(r, c)) missing += (missing.empty() ? "" : ", ") + wb.header()[c];
    }
    if (!missing.empty()) {
      excluded[iso3] = "no " + missing + " in " + kWbFile;
      continue;
    }
    if (in_aipi->second.available < kMinPillars) {
      excluded[iso3] = "fewer than 3 AIPI pillars";
      continue;
    }
    excluded.erase(iso3);

    CountryRecord c;
    c.iso3 = iso3;
    c.name = wb.text(r, c_name);
    c.region = wb.text(r, c_region);
    const std::optional<IncomeGroup> income = income_from_wb_label(wb.text(r, c_income));
    if (!income) wb.fail(r, c_income, "unknown income group");
    c.income = *income;
    c.population = wb.number(r, c_population);
    if (c.population <= 0) wb.fail(r, c_population, "must be positive");
    c.gdp_per_capita_usd = wb.number(r, c_gdp_pc);
    if (c.gdp_per_capita_usd <= 0) wb.fail(r, c_gdp_pc, "must be positive");
    const double internet_pct = wb.number(r, c_internet);
    if (internet_pct < 0 || internet_pct > 100) wb.fail(r, c_internet, "percentage outside 0-100");
    c.internet_share = internet_pct / 100;
    c.pillars = imputer.complete(in_aipi->second, c.imputed);
    const auto top = top500.find(iso3);
    c.compute_pflops_2023 = top == top500.end() ? 0.0 : top->second;
    const auto inv = cset.find(iso3);
    c.cset_investment_2019_2023_usd = inv == cset.end() ? 0.0 : inv->second;
    const auto inv23 = cset_2023.find(iso3);
    c.cset_investment_2023_usd = inv23 == cset_2023.end() ? 0.0 : inv23->second;
    const auto ep = epoch.find(iso3);
    c.epoch_record = ep != epoch.end();
    c.epoch_pflops_2023 = c.epoch_record ? ep->second : 0.0;
    const auto ent = enterprises.find(iso3);
    if (ent != enterprises.end()) c.enterprise_ai_2023 = ent->second;
    const auto i24 = invest_2024.find(iso3);
    if (i24 != invest_2024.end()) c.investment_share_2024 = i24->second;
    const auto i25 = invest_2025.find(iso3);
    if (i25 != invest_2025.end()) c.investment_share_2025 = i25->second;
    const auto fit = language_fit.find(c.region);
    if (fit == language_fit.end()) {
      fail_at({language_table.file(), 0, 0}, "wb_region",
              "missing row for a region of the model countries (" + iso3 + ")", c.region);
    }
    c.language_fit = fit->second;
    const auto bloc = blocs.find(iso3);
    c.bloc = bloc == blocs.end() ? Bloc::kNonAligned : bloc->second;
    c.africa = c.region == kSubSaharanAfrica ||
               std::find(kAfricaOutsideSsa.begin(), kAfricaOutsideSsa.end(), iso3) !=
                   kAfricaOutsideSsa.end();
    if (const auto flow = talent.find(iso3); flow != talent.end())
      c.talent_flow_data = flow->second;
    usable.push_back(std::move(c));
  }
  std::sort(usable.begin(), usable.end(),
            [](const CountryRecord& a, const CountryRecord& b) { return a.iso3 < b.iso3; });
  // M6: phi, the median Epoch/TOP500 ratio over the usable countries with both, fills the
  // compute of countries without an Epoch record (a lower median of an even count).
  std::vector<double> ratios;
  for (const CountryRecord& c : usable) {
    if (c.epoch_record && c.compute_pflops_2023 > 0) {
      ratios.push_back(c.epoch_pflops_2023 / c.compute_pflops_2023);
    }
  }
  std::sort(ratios.begin(), ratios.end());
  data.epoch_top500_ratio = ratios.empty() ? 0.0 : ratios[(ratios.size() - 1) / 2];
  for (CountryRecord& c : usable) {
    c.compute16_pflops_2023 =
        c.epoch_record ? c.epoch_pflops_2023 : data.epoch_top500_ratio * c.compute_pflops_2023;
  }

  if (only.empty()) {
    data.countries = std::move(usable);
    return data;
  }
  std::set<std::string> usable_codes;
  for (const CountryRecord& c : usable) usable_codes.insert(c.iso3);
  std::set<std::string> wanted;
  for (const std::string& code : only) {
    if (usable_codes.count(code) > 0) {
      wanted.insert(code);
      continue;
    }
    const auto why = excluded.find(code);
    if (why != excluded.end()) {
      fail_at({}, "countries", "country " + code + " is not a model country: " + why->second, code);
    }
    fail_at({}, "countries",
            "unknown country code " + quoted(code) + did_you_mean(code, usable_codes), code);
  }
  for (CountryRecord& c : usable) {
    if (wanted.count(c.iso3) > 0) data.countries.push_back(std::move(c));
  }
  return data;
}

}  // namespace models
