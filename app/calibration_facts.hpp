// The stylised facts a calibration fits: SF1-SF19 with the observed data of the scenario's data
// directory, over the scenario's countries (both calibration methods use them).
#pragma once

#include <string>
#include <vector>

#include "models/facts.hpp"
#include "models/observed_data.hpp"

namespace app {

struct CalibrationFacts {
  models::ObservedData observed;
  std::vector<models::Fact> facts;
};

// Loads the scenario (with `key=value` overrides) and builds its facts; throws sim::InputError.
CalibrationFacts calibration_facts(const std::string& scenario_path,
                                   const std::vector<std::string>& sets);

}  // namespace app
