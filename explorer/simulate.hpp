// One replicate of a prepared scenario, its chosen output variables recorded in memory (the same
// records and values as the run's HDF5 file), stoppable between ticks.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "models/country_data.hpp"
#include "models/observables.hpp"
#include "models/params.hpp"
#include "models/world.hpp"

namespace explorer {

// The output variables the page may ask for by name: those over (time), (time, country) and
// (time, income_group). Throws RequestError for an unknown name (with a suggestion) or another
// shape.
std::vector<const models::Variable*> pick_variables(const std::vector<std::string>& names);

// The variables the page draws when a request names none.
const std::vector<std::string>& default_variables();

// "none", "country" or "income_group".
std::string dims_label(models::Dims dims);

// A run's state when one of its ticks starts, with its records so far. A pathway whose policies
// all start at or after that tick is the same run until then (a lever does nothing before its
// start), so it can go on from here instead of from tick 0.
struct Branch {
  int tick = 0;
  models::World world;
  std::vector<nlohmann::json> records;  // {"month": ..., "variables": {...}} each
};

// Where a replicate starts and which state it keeps for others.
struct BranchPlan {
  std::shared_ptr<const Branch> from;  // start from this state (null: from tick 0)
  int keep_tick = -1;                  // keep the state when this tick starts, into `kept`
  std::shared_ptr<const Branch> kept;
};

// Runs replicate `replicate` of `params` (member seed from run.seed and the replicate, as
// `aidivide run --replicate`) and returns {"months": [...], "variables": {name: records}}, or
// null when `cancel` became true first. NaN values become null. `on_record`, when set, gets each
// record as it is made ({"month": ..., "variables": {name: values}}), so that a page can draw a
// trajectory before the run ends.
nlohmann::json simulate_replicate(const models::Params& params, const models::CountryData& data,
                                  int replicate, const std::vector<const models::Variable*>& vars,
                                  const std::atomic<bool>& cancel,
                                  const std::function<void(const nlohmann::json&)>& on_record = {},
                                  BranchPlan* branch = nullptr);

}  // namespace explorer
