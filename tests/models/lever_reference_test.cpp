// The generated lever reference: every parameter a lever names exists, every `levers.*` parameter
// belongs to some lever, and the table shows one row per lever with the values of the parameters.
#include "models/lever_reference.hpp"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <string>

#include "models/levers.hpp"
#include "models/scenario.hpp"

namespace {

std::set<std::string> listed_keys() {
  std::set<std::string> keys;
  for (const models::LeverInfo& info : models::lever_infos()) {
    std::istringstream in{std::string(info.parameters)};
    for (std::string key; in >> key;) keys.insert(key);
  }
  return keys;
}

TEST(LeverReference, EveryLeverParameterIsListedAndExists) {
  std::set<std::string> fields, lever_fields;
  for (const models::ParamField& f : models::list_param_fields(models::Params{})) {
    fields.insert(f.key_path);
    if (f.section == "levers") lever_fields.insert(f.key_path);
  }
  const std::set<std::string> listed = listed_keys();
  for (const std::string& key : listed) EXPECT_TRUE(fields.count(key)) << key;
  for (const std::string& key : lever_fields) EXPECT_TRUE(listed.count(key)) << key;
}

TEST(LeverReference, OneRowPerLeverWithCurrentValues) {
  models::Params p;
  p.levers.hub_cost_rate = 0.375;
  p.capital.tier2_cap_pflops = 7.5;
  const std::string table = models::levers_to_markdown(p);
  for (const models::LeverInfo& info : models::lever_infos()) {
    EXPECT_NE(table.find("| `" + std::string(info.name) + "`"), std::string::npos) << info.name;
  }
  EXPECT_NE(table.find("`hub_cost_rate` 0.375"), std::string::npos) << table;
  EXPECT_NE(table.find("`capital.tier2_cap_pflops` 7.5"), std::string::npos) << table;
  EXPECT_NE(table.find("| USD per capita a year, 0-1000 |"), std::string::npos) << table;
  EXPECT_NE(table.find("`open_weight_release` (shock)"), std::string::npos) << table;
}

}  // namespace
