// The explorer's one link to the run library: a scenario text loaded and checked exactly as
// `aidivide run` loads and checks a file, without an output file.
#pragma once

#include <cstdint>
#include <string>

#include "models/country_data.hpp"
#include "models/scenario.hpp"

namespace explorer {

struct PreparedScenario {
  models::Scenario scenario;
  models::CountryData data;
};

// Loads `text` as if it were the file `display_path` (which resolves `extends:` and data.dir),
// with every check of `aidivide run` before tick 0. Throws sim::InputError on bad input.
PreparedScenario prepare_scenario(const std::string& text, const std::string& display_path);

// The data directory a scenario uses, as `aidivide run` resolves it.
std::string data_dir_of(const models::Scenario& scenario);

}  // namespace explorer
