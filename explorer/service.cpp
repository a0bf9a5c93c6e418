// The explorer's API: requests checked by the scenario loader, runs queued, answers as JSON.
#include "explorer/service.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <functional>

#include "explorer/meta.hpp"
#include "explorer/run_adapter.hpp"
#include "explorer/simulate.hpp"
#include "models/scenario.hpp"
#include "sim/error.hpp"

namespace explorer {

namespace fs = std::filesystem;
using Json = nlohmann::json;

std::string error_json(const std::string& file, int line, int column, const std::string& key,
                       const std::string& reason, const std::string& got) {
  return Json{{"error",
               {{"file", file},
                {"line", line},
                {"column", column},
                {"key", key},
                {"reason", reason},
                {"got", got},
                {"message", sim::format_input_error({file, line, column}, key, reason, got)}}}}
      .dump();
}

namespace {

// A located error as the page shows it: the file named by its name only (the library's folder
// is the server's business).
Reply input_error_reply(const sim::InputError& e) {
  const std::string file =
      e.where().file.empty() ? "" : fs::path(e.where().file).filename().string();
  return {400,
          error_json(file, e.where().line, e.where().column, e.key_path(), e.reason(), e.got())};
}

Reply request_error_reply(const RequestError& e) {
  return {e.status(), error_json("request", 0, 0, e.key(), e.reason(), e.got())};
}

// What a checked request holds for its job.
struct Checked {
  ExploreRequest request;
  std::vector<const models::Variable*> variables;
  std::string yaml;
  PreparedScenario prepared;
  // Branching from the baseline: its cache key, whether this run is that baseline, and whether
  // (every policy starting at or after branch_tick) it may start from the baseline's state.
  std::string baseline_key;
  int branch_tick = -1;
  bool is_baseline = false;
  bool can_branch = false;
};

// The tick where pathways branch from their baseline: the one starting 2026-01, where the
// library's pathways and the page's new levers start, or, in a run that ends before (the tiny
// world), its second year. -1 when that month starts no tick of the run.
int branch_tick_of(const models::Params& p, sim::YearMonth& month) {
  month = sim::YearMonth{2026, 1};
  if (month > p.time.end || month <= p.time.start) month = p.time.start.plus_months(12);
  const int offset = month.index() - p.time.start.index();
  const auto per_tick = static_cast<int>(p.time.months_per_tick);
  if (offset <= 0 || offset % per_tick != 0 || offset / per_tick >= p.tick_count()) return -1;
  return offset / per_tick;
}

void plan_branching(Checked& c, const Defaults& defaults) {
  ExploreRequest baseline = c.request;
  baseline.has_policies = true;
  baseline.policies = nlohmann::ordered_json::array();
  c.baseline_key = scenario_yaml(baseline, defaults);
  for (const models::Variable* v : c.variables) c.baseline_key += "\n#" + v->name;
  const models::Params& p = c.prepared.scenario.params;
  sim::YearMonth month;
  c.branch_tick = branch_tick_of(p, month);
  c.is_baseline = p.policies.empty();
  c.can_branch = !c.is_baseline && c.branch_tick > 0 &&
                 std::all_of(p.policies.begin(), p.policies.end(),
                             [&](const models::PolicyEntry& e) { return e.start >= month; });
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

void run_job(Job& job, const Checked& c, BranchCache& cache) {
  const auto t0 = std::chrono::steady_clock::now();
  Json countries = Json::array(), income = Json::array();
  for (const models::CountryRecord& r : c.prepared.data.countries) {
    countries.push_back(r.iso3);
    income.push_back(models::kIncomeLabels[static_cast<int>(r.income)]);
  }
  job.push(Json{{"type", "start"},
                {"countries", countries},
                {"income", income},
                {"replicates", c.request.replicates},
                {"seed", c.request.seed},
                {"workers", c.request.workers},
                {"firms", c.request.firms}}
               .dump());
  // The first replicate's records go out as they are made: the page draws the first trajectory
  // while the run goes on; the band follows with the other replicates.
  const auto stream_record = [&job, &t0](const Json& record) {
    Json line = record;
    line["type"] = "record";
    line["replicate"] = 0;
    line["seconds"] = seconds_since(t0);
    job.push(line.dump());
  };
  for (int r = 0; r < c.request.replicates; ++r) {
    BranchPlan plan;
    if (c.can_branch) plan.from = cache.get(c.baseline_key, r);
    if (c.is_baseline) plan.keep_tick = c.branch_tick;
    Json result = simulate_replicate(
        c.prepared.scenario.params, c.prepared.data, r, c.variables, job.cancelled(),
        r == 0 ? std::function<void(const Json&)>(stream_record) : nullptr, &plan);
    if (plan.kept) cache.put(c.baseline_key, r, plan.kept);
    if (result.is_null()) return;
    result["type"] = "replicate";
    result["replicate"] = r;
    result["from_tick"] = plan.from ? plan.from->tick : 0;
    result["seconds"] = seconds_since(t0);
    job.push(result.dump());
  }
  job.push(Json{{"type", "done"}, {"seconds", seconds_since(t0)}}.dump());
}

}  // namespace

Service::Service(ServiceConfig config)
    : config_(std::move(config)),
      library_(scenario_library(config_.scenarios_dir)),
      meta_(build_meta(config_.scenarios_dir, library_, config_.limits, config_.defaults).dump()),
      queue_(config_.queue_capacity) {}

std::string Service::display_path() const {
  return (fs::path(config_.scenarios_dir) / "explorer.yaml").string();
}

Reply Service::run(const std::string& body, std::shared_ptr<Job>& job) {
  auto checked = std::make_shared<Checked>();
  try {
    checked->request = parse_request(body, config_.limits, config_.defaults, library_);
    checked->variables = pick_variables(checked->request.variables);
    checked->yaml = scenario_yaml(checked->request, config_.defaults);
    checked->prepared = prepare_scenario(checked->yaml, display_path());
  } catch (const RequestError& e) {
    return request_error_reply(e);
  } catch (const sim::InputError& e) {
    return input_error_reply(e);
  }
  plan_branching(*checked, config_.defaults);
  job = std::make_shared<Job>(checked->request.session,
                              [checked, this](Job& j) { run_job(j, *checked, branches_); });
  if (!queue_.submit(job)) {
    job.reset();
    return {503, error_json("", 0, 0, "", "the explorer is busy: too many runs waiting", "")};
  }
  return {200, ""};
}

Reply Service::validate(const std::string& body) {
  try {
    const ExploreRequest request = parse_request(body, config_.limits, config_.defaults, library_);
    pick_variables(request.variables);
    prepare_scenario(scenario_yaml(request, config_.defaults), display_path());
  } catch (const RequestError& e) {
    return request_error_reply(e);
  } catch (const sim::InputError& e) {
    return input_error_reply(e);
  }
  return {200, Json{{"ok", true}}.dump()};
}

Reply Service::export_yaml(const std::string& body) {
  ExploreRequest request;
  PreparedScenario prepared;
  try {
    request = parse_request(body, config_.limits, config_.defaults, library_);
    prepared = prepare_scenario(scenario_yaml(request, config_.defaults), display_path());
  } catch (const RequestError& e) {
    return request_error_reply(e);
  } catch (const sim::InputError& e) {
    return input_error_reply(e);
  }
  models::Params params = prepared.scenario.params;
  params.run.replicate = 0;
  params.data.dir.clear();  // the project's data (or AIDIVIDE_DATA), wherever the file is saved
  nlohmann::ordered_json policies = nlohmann::ordered_json::array();
  for (const models::PolicyEntry& e : params.policies) policies.push_back(policy_json(e));
  std::string text =
      "# Question: what does this pathway, built in the policy explorer, do to the AI divide?\n"
      "# Pathway: the levers below on top of the library scenario '" +
      request.base +
      "'. Exported by `aidivide serve`:\n"
      "# every parameter resolved, so the file stands alone; `aidivide run` on it gives the\n"
      "# explorer's replicate 0 (use --replicate R for the others).\n"
      "name: explorer_" +
      request.base + "\ndescription: A pathway exported from the policy explorer.\n" +
      models::params_to_yaml(params) + policies_yaml(policies);
  return {200, Json{{"yaml", text}, {"filename", "explorer_" + request.base + ".yaml"}}.dump()};
}

}  // namespace explorer
