// The observed data of the patterns read from data/: the figures MODEL.md section 1 quotes, the
// targets built from them over the model's countries, the hash that pins them to a run, and the
// refusal of a file that lacks a row a pattern needs.
#include "models/observed_data.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "models/country_data.hpp"
#include "models/fact_measures.hpp"
#include "models/facts.hpp"
#include "sim/csv.hpp"
#include "sim/error.hpp"

namespace {

const std::string kDataDir = AIDIVIDE_SOURCE_DIR "/data";

const models::ObservedData& observed() {
  static const models::ObservedData o = models::load_observed_data(kDataDir);
  return o;
}

std::vector<std::string> model_countries() {
  std::vector<std::string> out;
  for (const auto& c : models::load_country_data(kDataDir).countries) out.push_back(c.iso3);
  return out;
}

std::string file_bytes(const std::string& name) {
  return sim::read_input_file(kDataDir + "/" + name);
}

TEST(ObservedData, TheFiguresModelMdQuotes) {
  const models::ObservedData& o = observed();
  // SF3: 2023 USA 0.694, CHN 0.091; 2024 over 150.79 (not the restated 151.48); 2025 over 344.66.
  EXPECT_NEAR(o.investment.at(2023).usa / o.investment.at(2023).world, 0.694, 5e-4);
  EXPECT_NEAR(o.investment.at(2023).chn / o.investment.at(2023).world, 0.091, 5e-4);
  EXPECT_NEAR(o.investment.at(2024).world, 150.7905, 1e-9);
  EXPECT_NEAR(o.investment.at(2024).usa, 109.0773, 1e-9);
  EXPECT_NEAR(o.investment.at(2025).world, 344.66, 1e-9);
  EXPECT_NEAR(o.investment.at(2025).chn, 12.41, 1e-9);
  // SF10: the revised RPS tracker.
  EXPECT_DOUBLE_EQ(o.us_use_2024_08, 44.6);
  EXPECT_DOUBLE_EQ(o.us_use_2025_08, 54.6);
  // SF13: 33 countries, unweighted mean 35.6, sample sd 10.7, TUR 17.2 to NOR 56.3.
  std::vector<double> eu;
  for (const auto& [iso3, v] : o.eu_individual_use) eu.push_back(v);
  EXPECT_EQ(eu.size(), 33u);
  EXPECT_NEAR(models::facts::mean(eu), 35.6, 0.05);
  EXPECT_NEAR(models::facts::sample_sd(eu), 10.7, 0.05);
  EXPECT_DOUBLE_EQ(o.eu_individual_use.at("TUR"), 17.19);
  // SF14: EU 13.5 and 20.0; the 27 member states, Greece under EL.
  EXPECT_DOUBLE_EQ(o.eu_enterprise_use_2024, 13.48);
  EXPECT_DOUBLE_EQ(o.eu_enterprise_use_2025, 19.95);
  EXPECT_EQ(o.eu_enterprise_use_by_country_2024.size(), 27u);
  EXPECT_DOUBLE_EQ(o.eu_enterprise_use_by_country_2024.at("DNK"), 27.58);
  EXPECT_TRUE(o.eu_enterprise_use_by_country_2025.count("GRC"));
  // SF15: BTOS 3.7% -> 10.0%.
  EXPECT_DOUBLE_EQ(o.us_firm_use_2023_09, 3.7);
  EXPECT_DOUBLE_EQ(o.us_firm_use_2025_09, 10.0);
  // SF16: 114 countries with a published AUI over the floor (PSE has none).
  EXPECT_EQ(o.aui_2025_08.size(), 114u);
  EXPECT_FALSE(o.aui_2025_08.count("PSE"));
  // SF19: 48 LinkedIn countries, 30 with concentration data.
  EXPECT_EQ(o.talent_net_migration.size(), 48u);
  int both = 0;
  for (const auto& [iso3, v] : o.talent_net_migration) both += o.talent_concentration.count(iso3);
  EXPECT_EQ(both, 30);
}

TEST(ObservedData, TargetsOverTheModelCountries) {
  const std::vector<models::Fact> facts = models::stylised_facts(observed(), model_countries());
  const auto part = [&](const char* id, std::size_t i) -> const models::FactPart& {
    return std::find_if(facts.begin(), facts.end(), [&](const auto& f) { return f.id == id; })
        ->parts.at(i);
  };
  // SF4: Epoch 2025-06-30 renormalised over the model countries: USA 0.716, CHN 0.139, x5.13.
  EXPECT_NEAR(0.5 * (part("SF4", 0).lo + part("SF4", 0).hi), 0.716, 5e-4);
  EXPECT_NEAR(0.5 * (part("SF4", 1).lo + part("SF4", 1).hi), 0.139, 5e-4);
  EXPECT_NE(part("SF4", 2).target.find("data 5.1"), std::string::npos) << part("SF4", 2).target;
  // SF3 2024: 109.08 / 150.79.
  EXPECT_NEAR(0.5 * (part("SF3", 2).lo + part("SF3", 2).hi), 109.0773 / 150.7905, 1e-12);
  // SF13: all 33 Eurostat countries are model countries.
  EXPECT_NE(part("SF13", 0).what.find("33 countries"), std::string::npos);
  EXPECT_NEAR(0.5 * (part("SF13", 0).lo + part("SF13", 0).hi), 35.6, 0.05);
  // SF14: 2024 top three DNK, SWE, BEL over bottom three ROU, POL, BGR; data ratio 5.0.
  EXPECT_NE(part("SF14", 2).what.find("DNK, SWE, BEL over ROU, POL, BGR"), std::string::npos)
      << part("SF14", 2).what;
  EXPECT_NE(part("SF14", 2).target.find("data 5.0"), std::string::npos);
  // SF15: 10.0 / 3.7.
  EXPECT_NE(part("SF15", 0).target.find("data 2.70"), std::string::npos);
  // SF19: 18 countries without concentration data, 30 with.
  EXPECT_NE(part("SF19", 0).what.find("18 countries"), std::string::npos);
  EXPECT_NE(part("SF19", 1).what.find("30 countries"), std::string::npos);
}

TEST(ObservedData, HashedWithEveryRun) {
  // The run's data_sha256 covers the observed files, so facts can refuse other data.
  const models::CountryData data = models::load_country_data(kDataDir);
  EXPECT_EQ(observed().sha256, data.sha256);
  EXPECT_EQ(models::data_sha256(kDataDir), data.sha256);
  for (const std::string& name : models::observed_data_file_names()) {
    EXPECT_TRUE(std::find(data.files_used.begin(), data.files_used.end(), name) !=
                data.files_used.end())
        << name;
  }
  std::string bytes = file_bytes("eurostat_individuals_genai_use_2025.csv");
  bytes.back() = bytes.back() == '\n' ? ' ' : '\n';
  EXPECT_NE(models::data_sha256(kDataDir, {{"eurostat_individuals_genai_use_2025.csv", bytes}}),
            data.sha256);
}

TEST(ObservedData, RefusesAFileWithoutARowAPatternNeeds) {
  std::string bytes = file_bytes("eurostat_enterprises_ai_use.csv");
  // Drop the EU aggregate of 2025.
  std::string kept;
  std::size_t start = 0;
  while (start < bytes.size()) {
    const std::size_t end = bytes.find('\n', start);
    const std::string line = bytes.substr(start, end == std::string::npos ? end : end - start + 1);
    if (line.rfind("EU27_2020,", 0) != 0 || line.find(",2025,") == std::string::npos) kept += line;
    start = end == std::string::npos ? bytes.size() : end + 1;
  }
  ASSERT_LT(kept.size(), bytes.size());
  try {
    models::load_observed_data_with(kDataDir, {{"eurostat_enterprises_ai_use.csv", kept}});
    ADD_FAILURE() << "no error";
  } catch (const sim::InputError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("eurostat_enterprises_ai_use.csv:1:"), std::string::npos) << what;
    EXPECT_NE(what.find("no row with geo_code_eurostat 'EU27_2020', year '2025'"),
              std::string::npos)
        << what;
  }
}

TEST(ObservedData, RefusesARepeatedRow) {
  std::string bytes = file_bytes("us_genai_adoption_timeseries.csv");
  const std::size_t at = bytes.find("rps_overall_rev,");
  ASSERT_NE(at, std::string::npos);
  const std::size_t end = bytes.find('\n', at);
  bytes += bytes.substr(at, end - at + 1);
  EXPECT_THROW(
      models::load_observed_data_with(kDataDir, {{"us_genai_adoption_timeseries.csv", bytes}}),
      sim::InputError);
}

}  // namespace
