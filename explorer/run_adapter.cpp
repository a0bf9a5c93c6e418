// Calls the run library's set-up (prepare_run) for a scenario held as text.
#include "explorer/run_adapter.hpp"

#include <filesystem>

#include "run/run_request.hpp"

namespace explorer {

PreparedScenario prepare_scenario(const std::string& text, const std::string& display_path) {
  app::RunRequest request;
  request.scenario_path = display_path;
  request.scenario_text = text;
  // prepare_run checks that the output's folder is writable; the explorer writes no file, so it
  // names one in the temporary folder, which always exists.
  request.output = (std::filesystem::temp_directory_path() / "aidivide-explorer.h5").string();
  app::PreparedRun run = app::prepare_run(request);
  return {std::move(run.scenario), std::move(run.data)};
}

std::string data_dir_of(const models::Scenario& scenario) {
  return app::resolve_data_dir(scenario);
}

}  // namespace explorer
