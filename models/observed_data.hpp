// The observed figures the patterns of MODEL.md section 1 compare with, read from the run's data
// directory (data/SOURCES.md sections 13-24 and 7), and the check that they are the run's data.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "models/run_data.hpp"

namespace models {

// Private AI investment of one year, AI Index (2023: constant 2021 USD, OWID; 2024 and 2025:
// nominal USD bn). Only the shares usa / world and chn / world are used.
struct InvestmentYear {
  double usa = 0, chn = 0, world = 0;
};

struct ObservedData {
  std::string dir;
  std::string sha256;  // data_sha256 of `dir`, by the rule every run uses

  // SF3: 2023 (ai_private_investment_aiindex_2013_2024.csv), 2024 and 2025
  // (ai_private_investment_by_country.csv, the World total of the edition that first published
  // the year).
  std::map<int, InvestmentYear> investment;
  // SF4: Epoch 16-bit FLOP/s by iso3, rule standard_superseded_removed (World row dropped).
  std::map<std::string, double> compute_2023_12, compute_2025_06;
  // SF10: St. Louis Fed RPS, revised tracker, any genAI use, adults 18-64, percent.
  double us_use_2024_08 = 0, us_use_2025_08 = 0;
  // SF13: Eurostat isoc_ai_iaiu 2025, last 3 months, % of all individuals, by iso3.
  std::map<std::string, double> eu_individual_use;
  // SF14: Eurostat isoc_eb_ai E_AI_TANY, 10+ employees, percent: the EU27 aggregate and the 27
  // member states by iso3.
  double eu_enterprise_use_2024 = 0, eu_enterprise_use_2025 = 0;
  std::map<std::string, double> eu_enterprise_use_by_country_2024,
      eu_enterprise_use_by_country_2025;
  // SF15: Census BTOS, AI use in the last two weeks (old question), all sizes, percent.
  double us_firm_use_2023_09 = 0, us_firm_use_2025_09 = 0;
  // SF16: Anthropic AUI as published in release 2025-09-15, countries over the 200-conversation
  // floor, by iso3.
  std::map<std::string, double> aui_2025_08;
  // SF19: LinkedIn net AI-talent migration per 10,000 members, mean 2019-2024 (AI Index 2025),
  // by iso3; and the countries with AI-talent concentration data (file 7).
  std::map<std::string, double> talent_net_migration;
  std::set<std::string> talent_concentration;
};

// The files read here (all part of every run's data_sha256).
const std::vector<std::string>& observed_data_file_names();

// Reads and checks the observed data in `dir`; throws sim::InputError(kData, {file, line, col})
// for a missing file, column or row the patterns need.
ObservedData load_observed_data(const std::string& dir);
// The same with some files given as bytes by name (tests).
ObservedData load_observed_data_with(const std::string& dir,
                                     std::map<std::string, std::string> files);

// The EU27 member states as ISO3 codes, with their Eurostat codes (EL is Greece).
const std::vector<std::pair<std::string, std::string>>& eu27_eurostat_iso3();

// Refuses (sim::InputError, exit status 2) runs whose `data_sha256` attribute is absent or
// differs from the observed data's: the patterns would compare a run with data it did not use.
void check_same_data(const std::vector<const RunData*>& runs, const ObservedData& observed);

}  // namespace models
