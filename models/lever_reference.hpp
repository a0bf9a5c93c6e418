// The lever reference of docs/SCENARIOS.md, generated from the lever table and the parameters.
#pragma once

#include <string>

#include "models/params.hpp"

namespace models {

// A Markdown table: for each lever its intensity unit and range, effect, parameters with their
// values in `params`, and cost. `aidivide params --format levers` prints it;
// scripts/regenerate-docs writes it into docs/SCENARIOS.md.
std::string levers_to_markdown(const Params& params);

}  // namespace models
