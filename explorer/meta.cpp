// GET /api/meta: levers with units, ranges and cost parameters; library scenarios with their
// policies; countries; the variables the page may draw.
#include "explorer/meta.hpp"

#include <algorithm>
#include <filesystem>
#include <sstream>

#include "explorer/run_adapter.hpp"
#include "explorer/simulate.hpp"
#include "models/country_data.hpp"
#include "models/enums.hpp"
#include "models/observables.hpp"
#include "models/scenario.hpp"

namespace explorer {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

std::vector<std::string> scenario_library(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(dir, error)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".yaml") continue;
    try {
      models::load_scenario(entry.path().string());
      names.push_back(entry.path().stem().string());
    } catch (const std::exception&) {
      // Not a scenario (a calibration or sweep configuration): not a starting point.
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

Json policy_json(const models::PolicyEntry& e) {
  const models::LeverInfo& info = models::lever_info(e.lever);
  Json j;
  j["lever"] = info.name;
  if (e.targets.all) {
    j["targets"] = "all";
  } else {
    Json t = Json::object();
    if (!e.targets.income.empty()) t["income"] = e.targets.income;
    if (!e.targets.region.empty()) t["region"] = e.targets.region;
    if (!e.targets.bloc.empty()) t["bloc"] = e.targets.bloc;
    if (!e.targets.iso3.empty()) t["iso3"] = e.targets.iso3;
    j["targets"] = t;
  }
  j["start"] = e.start.str();
  if (!info.shock) j["ramp_months"] = e.ramp_months;
  if (e.end) j["end"] = e.end->str();
  j["intensity"] = e.intensity;
  if (e.cap_pflops) j["cap_pflops"] = *e.cap_pflops;
  if (e.substitute_efficiency) j["substitute_efficiency"] = *e.substitute_efficiency;
  if (e.leakage) j["leakage"] = *e.leakage;
  if (!e.priority.empty()) j["priority"] = e.priority;
  return j;
}

namespace {

Json lever_parameters(const models::LeverInfo& info,
                      const std::vector<models::ParamField>& fields) {
  Json list = Json::array();
  std::istringstream keys{std::string(info.parameters)};
  for (std::string key; keys >> key;) {
    const auto it = std::find_if(fields.begin(), fields.end(),
                                 [&](const models::ParamField& f) { return f.key_path == key; });
    if (it == fields.end()) continue;
    Json item;
    item["key"] = key;
    item["value"] = it->value_yaml;
    item["unit"] = std::string(it->meta.unit);
    item["meaning"] = std::string(it->meta.doc);
    list.push_back(std::move(item));
  }
  return list;
}

Json levers_json() {
  const auto fields = models::list_param_fields(models::default_scenario().params);
  Json list = Json::array();
  for (const models::LeverInfo& info : models::lever_infos()) {
    list.push_back({{"name", info.name},
                    {"unit", info.unit},
                    {"min", info.min},
                    {"max", info.max},
                    {"shock", info.shock},
                    {"effect", info.effect},
                    {"cost", info.cost},
                    {"parameters", lever_parameters(info, fields)}});
  }
  return list;
}

Json scenarios_json(const std::string& dir, const std::vector<std::string>& library) {
  Json list = Json::array();
  for (const std::string& name : library) {
    const models::Scenario s = models::load_scenario((fs::path(dir) / (name + ".yaml")).string());
    Json policies = Json::array();
    for (const models::PolicyEntry& e : s.params.policies) policies.push_back(policy_json(e));
    list.push_back({{"name", name},
                    {"title", s.title},
                    {"description", s.description},
                    {"start", s.params.time.start.str()},
                    {"end", s.params.time.end.str()},
                    {"countries", s.params.population.countries},
                    {"policies", policies}});
  }
  return list;
}

Json countries_json() {
  const models::Scenario defaults = models::default_scenario();
  const models::CountryData data = models::load_country_data(data_dir_of(defaults));
  Json list = Json::array();
  for (const models::CountryRecord& r : data.countries) {
    list.push_back({{"iso3", r.iso3},
                    {"name", r.name},
                    {"region", r.region},
                    {"income", models::kIncomeLabels[static_cast<int>(r.income)]},
                    {"bloc", models::bloc_name(r.bloc)}});
  }
  return list;
}

// The defaults the model has: outputs are revised in parallel, and the page asks for these.
std::vector<std::string> available_default_variables() {
  std::vector<std::string> names;
  for (const models::Variable* v : pick_variables({})) names.push_back(v->name);
  return names;
}

Json variables_json() {
  Json list = Json::array();
  for (const models::Variable& v : models::output_variables()) {
    const std::string dims = dims_label(v.dims);
    if (dims == "none" && v.dims != models::Dims::kNone) continue;
    list.push_back({{"name", v.name},
                    {"dims", dims},
                    {"units", v.units},
                    {"long_name", v.long_name},
                    {"description", v.description}});
  }
  return list;
}

}  // namespace

Json build_meta(const std::string& scenarios_dir, const std::vector<std::string>& library,
                const Limits& limits, const Defaults& defaults) {
  return {{"levers", levers_json()},
          {"scenarios", scenarios_json(scenarios_dir, library)},
          {"countries", countries_json()},
          {"income_groups", models::kIncomeLabels},
          {"variables", variables_json()},
          {"default_variables", available_default_variables()},
          {"defaults",
           {{"workers", defaults.workers},
            {"firms", defaults.firms},
            {"replicates", defaults.replicates},
            {"seed", defaults.seed},
            {"record_every", defaults.record_every}}},
          {"limits",
           {{"max_workers", limits.max_workers},
            {"max_firms", limits.max_firms},
            {"max_replicates", limits.max_replicates},
            {"max_policies", limits.max_policies},
            {"latest_end", limits.latest_end}}}};
}

}  // namespace explorer
