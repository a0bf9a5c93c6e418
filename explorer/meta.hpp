// What the page needs to know before its first run: levers, library, countries, variables.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "explorer/explore_request.hpp"
#include "models/levers.hpp"

namespace explorer {

// The scenario files directly in `dir` that load, by name (file stem), sorted.
std::vector<std::string> scenario_library(const std::string& dir);

// One policies entry as the API takes it (the YAML keys of docs/SCENARIOS.md).
nlohmann::ordered_json policy_json(const models::PolicyEntry& entry);

// The body of GET /api/meta.
nlohmann::ordered_json build_meta(const std::string& scenarios_dir,
                                  const std::vector<std::string>& library, const Limits& limits,
                                  const Defaults& defaults);

}  // namespace explorer
