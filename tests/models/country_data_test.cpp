// Tests of the country data loader: selection rule, imputation, joins, errors and the data hash.
#include "models/country_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/csv.hpp"
#include "sim/error.hpp"
#include "sim/sha256.hpp"

namespace {

namespace fs = std::filesystem;
using models::Bloc;
using models::CountryData;
using models::IncomeGroup;
using sim::InputError;

const std::string kDataDir = AIDIVIDE_SOURCE_DIR "/data";

// Loading takes a few milliseconds, but most tests share one load of the committed data.
const CountryData& data() {
  static const CountryData loaded = models::load_country_data(kDataDir);
  return loaded;
}

const models::CountryRecord& country(const std::string& iso3) {
  const int i = data().index_of(iso3);
  EXPECT_GE(i, 0) << iso3;
  return data().countries.at(static_cast<std::size_t>(i));
}

double readiness(const models::CountryRecord& c) {
  return (c.pillars[0] + c.pillars[1] + c.pillars[2] + c.pillars[3]) / 4;
}

std::string read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

void write_bytes(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

// A private copy of data/ for tests that break a file; removed when the test ends.
class DataCopy {
 public:
  DataCopy() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           (std::string("aidivide_country_data_") + info->test_suite_name() + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    for (const auto& entry : fs::directory_iterator(kDataDir)) {
      if (entry.is_regular_file()) fs::copy_file(entry.path(), dir_ / entry.path().filename());
    }
  }
  ~DataCopy() { fs::remove_all(dir_); }
  DataCopy(const DataCopy&) = delete;
  DataCopy& operator=(const DataCopy&) = delete;

  std::string dir() const { return dir_.string(); }
  fs::path path(const std::string& name) const { return dir_ / name; }
  // Replaces the first occurrence of `from` in file `name`.
  void replace(const std::string& name, const std::string& from, const std::string& to) const {
    std::string bytes = read_bytes(path(name));
    const std::size_t at = bytes.find(from);
    ASSERT_NE(at, std::string::npos) << from;
    bytes.replace(at, from.size(), to);
    write_bytes(path(name), bytes);
  }

 private:
  fs::path dir_;
};

InputError load_error(const std::string& dir, const std::vector<std::string>& only = {}) {
  try {
    models::load_country_data(dir, only);
  } catch (const InputError& e) {
    return e;
  }
  ADD_FAILURE() << "no InputError";
  return InputError(sim::InputKind::kIo, {}, "", "none");
}

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

TEST(CountryData, CountsByIncomeGroup) {
  ASSERT_EQ(data().countries.size(), 170u);
  std::map<IncomeGroup, int> n;
  for (const auto& c : data().countries) ++n[c.income];
  EXPECT_EQ(n[IncomeGroup::kHigh], 58);
  EXPECT_EQ(n[IncomeGroup::kUpperMiddle], 45);
  EXPECT_EQ(n[IncomeGroup::kLowerMiddle], 45);
  EXPECT_EQ(n[IncomeGroup::kLow], 22);
  for (const char* out : {"TWN", "VEN", "YEM", "SSD", "PRK"}) EXPECT_EQ(data().index_of(out), -1);
  EXPECT_TRUE(std::is_sorted(data().countries.begin(), data().countries.end(),
                             [](const auto& a, const auto& b) { return a.iso3 < b.iso3; }));
}

TEST(CountryData, SelectionEqualsCountriesUsedCsv) {
  const sim::CsvTable used = sim::read_csv(kDataDir + "/countries_used.csv");
  const int c_iso3 = used.column("iso3");
  const int c_name = used.column("name");
  const int c_region = used.column("wb_region");
  const int c_income = used.column("income_group");
  ASSERT_EQ(used.size(), data().countries.size());
  for (std::size_t r = 0; r < used.size(); ++r) {
    const auto& c = data().countries[r];
    EXPECT_EQ(c.iso3, used.text(r, c_iso3));
    EXPECT_EQ(c.name, used.text(r, c_name));
    EXPECT_EQ(c.region, used.text(r, c_region));
    EXPECT_EQ(models::income_group_name(c.income), used.text(r, c_income));
  }
}

TEST(CountryData, ReadinessEqualsPublishedAipi) {
  const sim::CsvTable aipi = sim::read_csv(kDataDir + "/aipi_2023.csv");
  const int c_iso3 = aipi.column("iso3");
  const int c_overall = aipi.column("aipi_overall");
  int compared = 0;
  for (std::size_t r = 0; r < aipi.size(); ++r) {
    const int i = data().index_of(aipi.text(r, c_iso3));
    if (i < 0 || aipi.empty(r, c_overall)) continue;
    const auto& c = data().countries[static_cast<std::size_t>(i)];
    EXPECT_NEAR(readiness(c), aipi.number(r, c_overall), 1e-12) << c.iso3;
    EXPECT_EQ(std::count(c.imputed.begin(), c.imputed.end(), true), 0) << c.iso3;
    ++compared;
  }
  EXPECT_EQ(compared, 163);  // 170 minus the 7 model countries with an imputed pillar
}

TEST(CountryData, ImputedPillars) {
  // The IMF leaves out one pillar for these model countries: which one, by pillar index.
  const std::map<std::string, int> missing = {{"AFG", 2}, {"MAC", 2}, {"MDV", 2}, {"PRI", 2},
                                              {"SOM", 1}, {"STP", 2}, {"UZB", 2}};
  int imputed = 0;
  for (const auto& c : data().countries) {
    for (int p = 0; p < 4; ++p) {
      EXPECT_GE(c.pillars[p], 0.0) << c.iso3;
      EXPECT_LE(c.pillars[p], 1.0) << c.iso3;
      if (!c.imputed[p]) continue;
      ++imputed;
      const auto it = missing.find(c.iso3);
      ASSERT_NE(it, missing.end()) << c.iso3;
      EXPECT_EQ(it->second, p) << c.iso3;
    }
  }
  EXPECT_EQ(imputed, 7);
  // Imputation predicts from the other pillars, so a weak country gets a weak value.
  EXPECT_LT(country("AFG").pillars[2], country("MAC").pillars[2]);
}

TEST(CountryData, SpotValues) {
  const auto& usa = country("USA");
  EXPECT_EQ(usa.name, "United States");
  EXPECT_EQ(usa.region, "North America");
  EXPECT_EQ(usa.income, IncomeGroup::kHigh);
  EXPECT_NEAR(usa.population, 336.8e6, 0.1e6);
  EXPECT_DOUBLE_EQ(usa.gdp_per_capita_usd, 81236.43);
  EXPECT_DOUBLE_EQ(usa.pillars[0], 0.1878224760294 * 4);
  EXPECT_NEAR(country("SGP").internet_share, 0.9429, 5e-5);
  EXPECT_EQ(country("CHN").income, IncomeGroup::kUpperMiddle);
  EXPECT_EQ(country("COD").name, "Congo, Dem. Rep.");  // a quoted name with a comma
}

TEST(CountryData, ComputeAndInvestment) {
  EXPECT_DOUBLE_EQ(country("USA").compute_pflops_2023, 2400.757);  // TOP500 2023-06
  EXPECT_EQ(country("NGA").compute_pflops_2023, 0.0);
  int with_compute = 0;
  for (const auto& c : data().countries) with_compute += c.compute_pflops_2023 > 0;
  EXPECT_EQ(with_compute, 33);  // 34 countries on the 2023-06 list, less TWN
  // CSET, summed over 2019-2023 (values from the file, summed independently).
  EXPECT_DOUBLE_EQ(country("USA").cset_investment_2019_2023_usd, 486971231032.0);
  EXPECT_DOUBLE_EQ(country("CHN").cset_investment_2019_2023_usd, 59487586757.0);
  EXPECT_DOUBLE_EQ(country("NGA").cset_investment_2019_2023_usd, 64553832.0);
  EXPECT_EQ(country("AFG").cset_investment_2019_2023_usd, 0.0);
}

// Model v2 (MODEL.md M3, M6, M11): Epoch compute at 2023-01-01 (standard_superseded_removed;
// sums computed independently from the records file), Eurostat 2023 enterprise use, 2024-2025
// investment shares over the World rows.
TEST(CountryData, EpochComputeEurostatAndInvestmentShares) {
  EXPECT_NEAR(country("USA").compute16_pflops_2023, 59468.9084, 1e-6);
  EXPECT_NEAR(country("CHN").compute16_pflops_2023, 39026.0, 1e-6);
  EXPECT_TRUE(country("ITA").epoch_record);
  EXPECT_FALSE(country("NGA").epoch_record);
  EXPECT_GT(data().epoch_top500_ratio, 0.0);
  EXPECT_NEAR(country("BEL").enterprise_ai_2023, 0.1381, 1e-12);
  EXPECT_TRUE(std::isnan(country("USA").enterprise_ai_2023));
  EXPECT_NEAR(country("USA").investment_share_2024, 109.0773 / 150.7905, 1e-12);
  EXPECT_NEAR(country("USA").investment_share_2025, 285.88 / 344.66, 1e-12);
  EXPECT_TRUE(std::isnan(country("NGA").investment_share_2025));
}

TEST(CountryData, LanguageFitBlocsAndAfrica) {
  EXPECT_EQ(country("USA").language_fit, 1.0);
  EXPECT_EQ(country("NGA").language_fit, 0.5);
  EXPECT_EQ(country("IND").language_fit, 0.7);
  EXPECT_EQ(country("EGY").language_fit, 0.75);
  std::map<Bloc, int> n;
  for (const auto& c : data().countries) ++n[c.bloc];
  EXPECT_EQ(n[Bloc::kUs], 18);    // TWN is not a model country
  EXPECT_EQ(n[Bloc::kChina], 5);  // nor is PRK
  EXPECT_EQ(n[Bloc::kNonAligned], 170 - 23);
  EXPECT_EQ(country("MAC").bloc, Bloc::kChina);
  EXPECT_EQ(country("BRA").bloc, Bloc::kNonAligned);
  EXPECT_STREQ(models::bloc_name(Bloc::kNonAligned), "non_aligned");
  EXPECT_TRUE(country("NGA").africa);
  EXPECT_TRUE(country("EGY").africa);
  EXPECT_TRUE(country("DJI").africa);
  EXPECT_FALSE(country("SAU").africa);
  EXPECT_FALSE(country("FRA").africa);
  int africa = 0;
  for (const auto& c : data().countries) africa += c.africa;
  EXPECT_EQ(africa, 51);  // 45 Sub-Saharan model countries and the 6 added by code
}

TEST(CountryData, AssumptionsByIncomeGroup) {
  const auto& high = data().by_income[static_cast<int>(IncomeGroup::kHigh)];
  const auto& low = data().by_income[static_cast<int>(IncomeGroup::kLow)];
  EXPECT_EQ(high.labour_force_ratio, 0.50);
  EXPECT_EQ(low.labour_force_ratio, 0.40);
  EXPECT_EQ(low.skill[0], 0.60);
  EXPECT_EQ(high.firms_per_1000_workers, 60);
  EXPECT_EQ(low.output_share[3], 0.30);
  // SF7: exposure 60/40/26% of employment (IMF SDN/2024/001).
  EXPECT_NEAR(high.exposed_complementary + high.exposed_substitutable, 0.60, 1e-12);
  for (IncomeGroup g : {IncomeGroup::kUpperMiddle, IncomeGroup::kLowerMiddle}) {
    const auto& a = data().by_income[static_cast<int>(g)];
    EXPECT_NEAR(a.exposed_complementary + a.exposed_substitutable, 0.40, 1e-12);
  }
  EXPECT_NEAR(low.exposed_complementary + low.exposed_substitutable, 0.26, 1e-12);
  for (const auto& a : data().by_income) {
    EXPECT_NEAR(a.skill[0] + a.skill[1] + a.skill[2], 1.0, 1e-12);
    double firms = 0, output = 0;
    for (int k = 0; k < 4; ++k) {
      firms += a.firm_count_share[k];
      output += a.output_share[k];
    }
    EXPECT_NEAR(firms, 1.0, 1e-12);
    EXPECT_NEAR(output, 1.0, 1e-12);
  }
}

TEST(CountryData, OnlyRestricts) {
  const CountryData two = models::load_country_data(kDataDir, {"USA", "CHN", "USA"});
  ASSERT_EQ(two.countries.size(), 2u);
  EXPECT_EQ(two.countries[0].iso3, "CHN");
  EXPECT_EQ(two.countries[1].iso3, "USA");
  EXPECT_EQ(two.index_of("USA"), 1);
  EXPECT_EQ(two.index_of("FRA"), -1);
  EXPECT_EQ(two.sha256, data().sha256);
  // Imputation is fitted on all economies, so restricting cannot change an imputed value.
  const CountryData afg = models::load_country_data(kDataDir, {"AFG"});
  EXPECT_EQ(afg.countries.at(0).pillars, country("AFG").pillars);
}

TEST(CountryData, UnknownOrExcludedCodeIsAnError) {
  const InputError unknown = load_error(kDataDir, {"USA", "XQZ"});
  EXPECT_EQ(unknown.kind(), sim::InputKind::kData);
  EXPECT_EQ(unknown.got(), "XQZ");
  EXPECT_EQ(unknown.reason(), "unknown country code 'XQZ'");  // nothing one edit away

  const InputError lower = load_error(kDataDir, {"usa"});
  EXPECT_NE(lower.reason().find("did you mean USA?"), std::string::npos) << lower.what();

  const InputError excluded = load_error(kDataDir, {"TWN"});
  EXPECT_NE(excluded.reason().find("TWN is not a model country"), std::string::npos);
  const InputError no_gdp = load_error(kDataDir, {"VEN"});
  EXPECT_NE(no_gdp.reason().find("wb_income_group"), std::string::npos) << no_gdp.what();
}

TEST(CountryData, BrokenRowIsLocated) {
  DataCopy copy;
  // Line 10 of countries_wb.csv gets a surplus field.
  std::string bytes = read_bytes(copy.path("countries_wb.csv"));
  std::size_t at = 0;
  for (int line = 1; line < 10; ++line) at = bytes.find('\n', at) + 1;
  const std::size_t end = bytes.find('\n', at);
  bytes.insert(end, ",surplus");
  write_bytes(copy.path("countries_wb.csv"), bytes);

  const InputError e = load_error(copy.dir());
  EXPECT_EQ(e.kind(), sim::InputKind::kData);
  EXPECT_TRUE(ends_with(e.where().file, "countries_wb.csv")) << e.where().file;
  EXPECT_EQ(e.where().line, 10);
  EXPECT_GT(e.where().column, 0);
  EXPECT_NE(std::string(e.what()).find("countries_wb.csv:10:"), std::string::npos) << e.what();
}

TEST(CountryData, MalformedNumberIsLocated) {
  DataCopy copy;
  copy.replace("aipi_2023.csv", "0.1878224760294,", "0.18782x,");
  const InputError e = load_error(copy.dir());
  EXPECT_TRUE(ends_with(e.where().file, "aipi_2023.csv"));
  EXPECT_EQ(e.key_path(), "digital_infrastructure");
  EXPECT_EQ(e.got(), "0.18782x");
  // USA's row: find it in the untouched file to know the expected line.
  const sim::CsvTable aipi = sim::read_csv(kDataDir + "/aipi_2023.csv");
  for (std::size_t r = 0; r < aipi.size(); ++r) {
    if (aipi.text(r, 0) == "USA") {
      EXPECT_EQ(e.where().line, static_cast<int>(r) + 2);
    }
  }
  EXPECT_GT(e.where().column, 1);
}

TEST(CountryData, FilesGivenAsBytesReplaceThoseOfTheDirectory) {
  // The same bytes give the same data and hash; broken bytes give errors named after the file.
  const std::string wb = read_bytes(fs::path(kDataDir) / "countries_wb.csv");
  EXPECT_EQ(models::load_country_data_with(kDataDir, {{"countries_wb.csv", wb}}).sha256,
            data().sha256);
  const std::string path = (fs::path(kDataDir) / "top500_by_country.csv").string();
  const auto error = [&](const std::string& bytes) {
    try {
      models::load_country_data_with(kDataDir, {{"top500_by_country.csv", bytes}});
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("<no error>");
  };
  const std::string header = read_bytes(path).substr(0, read_bytes(path).find('\n') + 1);
  EXPECT_EQ(error(header + "USA\n"),
            path + ":2: row has 1 field but the header has " +
                std::to_string(std::count(header.begin(), header.end(), ',') + 1));
  EXPECT_EQ(error(header + "\xFF\n"), path + ":2:1: not UTF-8 text (got byte 0xFF)");
  EXPECT_EQ(error(""), path + ":1: empty file: no header row");
}

TEST(CountryData, MissingFileAndColumnAndRow) {
  {
    DataCopy copy;
    fs::remove(copy.path("blocs.csv"));
    const InputError e = load_error(copy.dir());
    EXPECT_EQ(e.kind(), sim::InputKind::kData);
    EXPECT_TRUE(ends_with(e.where().file, "blocs.csv")) << e.what();
  }
  {
    DataCopy copy;
    copy.replace("top500_by_country.csv", "rmax_pflops_sum", "rmax");
    const InputError e = load_error(copy.dir());
    EXPECT_EQ(e.key_path(), "rmax_pflops_sum");
    EXPECT_EQ(e.where().line, 1);
  }
  {
    DataCopy copy;
    copy.replace("language_fit_by_region.csv", "South Asia,", "Southern Asia,");
    const InputError e = load_error(copy.dir());
    EXPECT_EQ(e.got(), "South Asia");
  }
  {
    DataCopy copy;
    copy.replace("assumptions_by_income_group.csv", "skill_mid,0.50", "skill_mid,0.55");
    const InputError e = load_error(copy.dir());
    EXPECT_NE(e.reason().find("sum to 1"), std::string::npos) << e.what();
  }
}

TEST(CountryData, Sha256OfTheFilesUsed) {
  // The loader's files and the observed data of the patterns (read by `aidivide facts`).
  const std::vector<std::string> expected_files = {"ai_private_investment_aiindex_2013_2024.csv",
                                                   "ai_private_investment_by_country.csv",
                                                   "ai_private_investment_cset_2014_2023.csv",
                                                   "ai_talent_concentration_linkedin_2016_2023.csv",
                                                   "aipi_2023.csv",
                                                   "anthropic_economic_index_country_usage.csv",
                                                   "assumptions_by_income_group.csv",
                                                   "blocs.csv",
                                                   "countries_wb.csv",
                                                   "epoch_ai_compute_by_country.csv",
                                                   "epoch_gpu_clusters_records.csv",
                                                   "eurostat_enterprises_ai_use.csv",
                                                   "eurostat_individuals_genai_use_2025.csv",
                                                   "language_fit_by_region.csv",
                                                   "linkedin_ai_talent_net_migration.csv",
                                                   "top500_by_country.csv",
                                                   "us_census_btos_ai_use_national_by_size.csv",
                                                   "us_genai_adoption_timeseries.csv"};
  EXPECT_EQ(data().files_used, expected_files);
  sim::Sha256 hasher;
  for (const auto& name : data().files_used) {
    hasher.update(name);
    hasher.update(std::string_view("\0", 1));
    hasher.update(read_bytes(fs::path(kDataDir) / name));
  }
  EXPECT_EQ(data().sha256, hasher.hex_digest());
  EXPECT_EQ(models::load_country_data(kDataDir).sha256, data().sha256);

  DataCopy copy;
  EXPECT_EQ(models::load_country_data(copy.dir()).sha256, data().sha256);  // names, not paths
  copy.replace("notable_ai_models_by_country_epoch.csv", "United States", "USA");
  EXPECT_EQ(models::load_country_data(copy.dir()).sha256, data().sha256);  // not a used file
  copy.replace("top500_by_country.csv", "2022-06,USA,United States,128",
               "2022-06,USA,United States,129");
  EXPECT_NE(models::load_country_data(copy.dir()).sha256, data().sha256);
}

}  // namespace
