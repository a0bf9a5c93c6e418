// The explorer's tick loop: the run's phases and record schedule, with records kept in memory.
#include "explorer/simulate.hpp"

#include <algorithm>
#include <cmath>

#include "explorer/explore_request.hpp"
#include "models/recorder.hpp"
#include "models/simulation.hpp"
#include "sim/did_you_mean.hpp"
#include "sim/rng.hpp"

namespace explorer {

namespace {

bool drawable(models::Dims dims) {
  return dims == models::Dims::kNone || dims == models::Dims::kCountry ||
         dims == models::Dims::kIncomeGroup;
}

nlohmann::json number(double x) { return std::isfinite(x) ? nlohmann::json(x) : nullptr; }

}  // namespace

const std::vector<std::string>& default_variables() {
  static const std::vector<std::string> kNames = {
      "group_ai_user_share", "group_firm_production_all", "group_ai_tfp_gain",
      "gini_ai_user_share",  "theil_ai_user_share",       "gap_high_low_ai_user_share",
      "gini_ai_tfp_gain",    "gini_firm_production_all",  "world_ai_user_share",
      "ai_user_share",       "firm_production_all",       "ai_tfp_gain",
      "policy_cost_usd"};
  return kNames;
}

std::string dims_label(models::Dims dims) {
  if (dims == models::Dims::kCountry) return "country";
  if (dims == models::Dims::kIncomeGroup) return "income_group";
  return "none";
}

std::vector<const models::Variable*> pick_variables(const std::vector<std::string>& names) {
  std::vector<std::string> known;
  for (const auto& v : models::output_variables()) {
    if (drawable(v.dims)) known.push_back(v.name);
  }
  std::vector<const models::Variable*> picked;
  for (const std::string& name : names.empty() ? default_variables() : names) {
    const auto& all = models::output_variables();
    const auto it = std::find_if(all.begin(), all.end(),
                                 [&](const models::Variable& v) { return v.name == name; });
    // A default the model no longer has (outputs are being revised) is left out, not an error.
    if (it == all.end() && names.empty()) continue;
    if (it == all.end()) {
      std::string reason = "unknown output variable";
      if (auto near = sim::did_you_mean(name, known)) reason += " (did you mean '" + *near + "'?)";
      throw RequestError(400, "variables", reason, name);
    }
    if (!drawable(it->dims)) {
      throw RequestError(400, "variables",
                         "not over (time), (time, country) or (time, income_group)", name);
    }
    if (std::find(picked.begin(), picked.end(), &*it) == picked.end()) picked.push_back(&*it);
  }
  return picked;
}

namespace {

// One record of the chosen variables, as the recorder would write it.
nlohmann::json make_record(const models::World& world, const models::TickContext& ctx,
                           const std::vector<const models::Variable*>& vars,
                           std::vector<double>& buffer) {
  const models::Observation observation(world);
  nlohmann::json record = {{"month", ctx.month.str()}, {"variables", nlohmann::json::object()}};
  for (const models::Variable* v : vars) {
    buffer.assign(models::record_size(v->dims, world.countries.n), 0.0);
    v->fill(observation, buffer);
    if (v->dims == models::Dims::kNone) {
      record["variables"][v->name] = number(buffer[0]);
    } else {
      nlohmann::json row = nlohmann::json::array();
      for (double x : buffer) row.push_back(number(x));
      record["variables"][v->name] = std::move(row);
    }
  }
  return record;
}

}  // namespace

nlohmann::json simulate_replicate(const models::Params& params, const models::CountryData& data,
                                  int replicate, const std::vector<const models::Variable*>& vars,
                                  const std::atomic<bool>& cancel,
                                  const std::function<void(const nlohmann::json&)>& on_record,
                                  BranchPlan* branch) {
  models::Params p = params;
  p.run.replicate = replicate;
  models::Simulation simulation(p, data,
                                sim::member_seed(static_cast<std::uint64_t>(p.run.seed),
                                                 static_cast<std::uint64_t>(replicate)));
  std::vector<nlohmann::json> records;
  if (branch && branch->from) {
    simulation.world() = branch->from->world;
    records = branch->from->records;
    if (on_record) {
      for (const nlohmann::json& record : records) on_record(record);
    }
  }
  std::vector<double> buffer;
  while (!simulation.done()) {
    if (cancel.load()) return nullptr;
    if (branch && simulation.next_tick() == branch->keep_tick) {
      branch->kept = std::make_shared<const Branch>(
          Branch{simulation.next_tick(), simulation.world(), records});
    }
    const models::TickContext ctx = simulation.step();
    // The record schedule of `aidivide run`, each record followed by the reset of the flows
    // "since the last record".
    if (!simulation.record_due(ctx)) continue;
    records.push_back(make_record(simulation.world(), ctx, vars, buffer));
    if (on_record) on_record(records.back());
    models::reset_record_flows(simulation.world());
  }
  nlohmann::json months = nlohmann::json::array();
  nlohmann::json variables = nlohmann::json::object();
  for (const models::Variable* v : vars) variables[v->name] = nlohmann::json::array();
  for (nlohmann::json& record : records) {
    months.push_back(record["month"]);
    for (const models::Variable* v : vars) {
      variables[v->name].push_back(std::move(record["variables"][v->name]));
    }
  }
  return {{"months", std::move(months)}, {"variables", std::move(variables)}};
}

}  // namespace explorer
