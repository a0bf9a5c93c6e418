// A run request and every check of it before tick 0 (`run`, `validate`, sweep members).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/country_data.hpp"
#include "models/init.hpp"
#include "models/scenario.hpp"
#include "sim/error.hpp"

namespace app {

struct RunRequest {
  std::string scenario_path;
  // When set, the scenario's text, read instead of the file (scenario_path still names it in
  // messages and resolves `extends:` and `data.dir`): for callers that hold the text already.
  std::optional<std::string> scenario_text;
  std::vector<std::string> sets;  // --set key.path=value, in order
  std::optional<std::int64_t> seed, replicate;
  std::string output;  // empty: runs/<scenario>_s<seed>_r<replicate>.h5
};

struct PreparedRun {
  models::Scenario scenario;
  models::CountryData data;
  models::AgentCounts counts;
  std::string output_path;
  std::uint64_t member_seed = 0;
};

// The request's scenario: its file (or text), with --set, --seed and --replicate applied.
models::Scenario load_request_scenario(const RunRequest& request);

// Loads and checks everything a run needs (scenario, data, variables, memory, output path);
// throws sim::InputError on bad input. Writes nothing.
PreparedRun prepare_run(const RunRequest& request);

// The data directory a scenario uses: data.dir (relative to the scenario file), else the
// AIDIVIDE_DATA environment variable, else the project's data/ directory.
std::string resolve_data_dir(const models::Scenario& scenario);

}  // namespace app
