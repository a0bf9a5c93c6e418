// Checks before tick 0, shared by `run`, `validate` and sweep members.
#include "run/run_request.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <limits>
#include <utility>

#include "models/observables.hpp"
#include "sim/did_you_mean.hpp"
#include "sim/rng.hpp"
#include "sim/system_info.hpp"

namespace app {

namespace fs = std::filesystem;

namespace {

// Memory a run needs beyond its agent columns: countries, output buffers, libraries.
constexpr std::uint64_t kBaseBytes = 64ull << 20;

void check_variables(const models::Scenario& s) {
  std::vector<std::string> names;
  for (const auto& v : models::output_variables()) names.push_back(v.name);
  for (const std::string& wanted : s.params.output.variables) {
    if (std::find(names.begin(), names.end(), wanted) == names.end()) {
      std::string reason = "unknown output variable";
      if (auto near = sim::did_you_mean(wanted, names))
        reason += " (did you mean '" + *near + "'?)";
      throw sim::InputError(sim::InputKind::kScenario, s.where("output.variables"),
                            "output.variables", reason, wanted);
    }
  }
}

void check_memory(const models::Scenario& s, const models::AgentCounts& counts) {
  const std::uint64_t need = counts.total_workers * models::bytes_per_worker() +
                             counts.total_firms * models::bytes_per_firm() + kBaseBytes;
  const std::uint64_t available = sim::available_memory_bytes();
  if (available > 0 && need > available) {
    throw sim::InputError(
        sim::InputKind::kScenario, s.where("population.workers"), "population.workers",
        "population too large for the available memory: needs about " + std::to_string(need >> 20) +
            " MiB, " + std::to_string(available >> 20) + " MiB available",
        std::to_string(s.params.population.workers));
  }
}

// Agents are addressed by 32-bit indices (columns, blocks, the Philox counter): a population
// whose per-country shares add up past 2^32 - 1 agents cannot be laid out.
void check_agent_indices(const models::Scenario& s, const models::AgentCounts& counts) {
  constexpr std::uint64_t kMaxAgents = std::numeric_limits<std::uint32_t>::max();
  for (const auto& [key, total] :
       {std::pair<const char*, std::uint64_t>{"population.workers", counts.total_workers},
        std::pair<const char*, std::uint64_t>{"population.firms", counts.total_firms}}) {
    if (total > kMaxAgents) {
      throw sim::InputError(
          sim::InputKind::kScenario, s.where(key), key,
          "too many agents for 32-bit agent indices: " + std::to_string(total) +
              " after the per-country minimums, at most " + std::to_string(kMaxAgents),
          std::to_string(std::string(key) == "population.workers" ? s.params.population.workers
                                                                  : s.params.population.firms));
    }
  }
}

void check_output_path(const std::string& path) {
  const fs::path dir = fs::absolute(fs::path(path)).parent_path();
  const sim::SourceLocation where{path, 0, 0};
  // Found here, not when the finished run is renamed over it.
  if (fs::is_directory(path)) {
    throw sim::InputError(sim::InputKind::kIo, where, "",
                          "output path is a directory (name a file inside it)", path);
  }
  if (!fs::is_directory(dir)) {
    throw sim::InputError(sim::InputKind::kIo, where, "", "output directory does not exist",
                          dir.string());
  }
  if (access(dir.c_str(), W_OK) != 0) {
    throw sim::InputError(sim::InputKind::kIo, where, "", "output directory is not writable",
                          dir.string());
  }
}

}  // namespace

std::string resolve_data_dir(const models::Scenario& scenario) {
  if (!scenario.params.data.dir.empty()) {
    const fs::path dir(scenario.params.data.dir);
    if (dir.is_absolute()) return dir.string();
    return (fs::path(scenario.path).parent_path() / dir).lexically_normal().string();
  }
  if (const char* env = std::getenv("AIDIVIDE_DATA"); env && *env) return env;
  return AIDIVIDE_DEFAULT_DATA_DIR;
}

models::Scenario load_request_scenario(const RunRequest& request) {
  std::vector<std::string> sets = request.sets;
  if (request.seed) sets.push_back("run.seed=" + std::to_string(*request.seed));
  if (request.replicate) sets.push_back("run.replicate=" + std::to_string(*request.replicate));
  return request.scenario_text ? models::load_scenario_text(
                                     *request.scenario_text, request.scenario_path,
                                     fs::path(request.scenario_path).parent_path().string(), sets)
                               : models::load_scenario(request.scenario_path, sets);
}

PreparedRun prepare_run(const RunRequest& request) {
  PreparedRun run{load_request_scenario(request), {}, {}, {}, 0};
  const models::Params& p = run.scenario.params;

  const std::string data_dir = resolve_data_dir(run.scenario);
  try {
    run.data = models::load_country_data(data_dir, p.population.countries);
  } catch (const sim::InputError& e) {
    // A country code the data does not have is the scenario's error: point at the key.
    if (e.kind() == sim::InputKind::kData &&
        (e.key_path() == "countries" || e.key_path() == "population.countries")) {
      throw sim::InputError(sim::InputKind::kScenario, run.scenario.where("population.countries"),
                            "population.countries", e.reason(), e.got());
    }
    throw;
  }
  models::check_policies(run.scenario, run.data);
  check_variables(run.scenario);
  run.counts = models::count_agents(p, run.data);
  check_agent_indices(run.scenario, run.counts);
  check_memory(run.scenario, run.counts);

  run.output_path = request.output.empty()
                        ? "runs/" + run.scenario.name + "_s" + std::to_string(p.run.seed) + "_r" +
                              std::to_string(p.run.replicate) + ".h5"
                        : request.output;
  if (request.output.empty()) {
    std::error_code ignored;
    fs::create_directories("runs", ignored);
  }
  check_output_path(run.output_path);
  run.member_seed = sim::member_seed(static_cast<std::uint64_t>(p.run.seed),
                                     static_cast<std::uint64_t>(p.run.replicate));
  return run;
}

}  // namespace app
