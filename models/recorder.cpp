// The run's output file: layout from the observables list, one record per `output.every` ticks.
#include "models/recorder.hpp"

#include <algorithm>

#include "sim/utc_now.hpp"

namespace models {

namespace {

std::vector<std::string> labels(auto const& views) { return {views.begin(), views.end()}; }

}  // namespace

std::vector<const Variable*> selected_variables(const Params& params) {
  std::vector<const Variable*> out;
  const auto& wanted = params.output.variables;
  for (const Variable& v : output_variables()) {
    if (wanted.empty() || std::find(wanted.begin(), wanted.end(), v.name) != wanted.end()) {
      out.push_back(&v);
    }
  }
  return out;
}

Recorder::Recorder(const std::string& out_path, const Scenario& scenario, const World& world,
                   const RunInfo& info, std::int64_t keep_records)
    : writer_(out_path, sim::NcWriterOptions{static_cast<int>(scenario.params.output.chunk_records),
                                             static_cast<int>(scenario.params.output.compression),
                                             keep_records}) {
  try {
    define(scenario, world, info);
  } catch (...) {
    // A new file that could not be defined (a full disk) is not left behind half made; a
    // continued one keeps its records.
    if (keep_records < 0) writer_.abandon();
    throw;
  }
}

void Recorder::define(const Scenario& scenario, const World& world, const RunInfo& info) {
  const Params& params = scenario.params;
  const Countries& k = world.countries;
  sim::NcWriter& w = writer_;
  w.set_attr("Conventions", "CF-1.8");
  w.set_attr("title", "aidivide run: " + scenario.name);
  w.set_attr("source", std::string("aidivide ") + AIDIVIDE_VERSION);
  w.set_attr("scenario_name", scenario.name);
  w.set_attr("scenario_yaml", scenario.yaml_text);
  w.set_attr("parameters_yaml", params_to_yaml(params));
  w.set_attr("seed", static_cast<std::int64_t>(info.seed));
  w.set_attr("replicate", static_cast<std::int64_t>(info.replicate));
  w.set_attr("data_sha256", info.data_sha256);
  w.set_attr("created", sim::utc_now());
  w.set_attr("start_time", sim::utc_now());
  w.set_attr("threads", static_cast<std::int64_t>(info.threads));
  if (!info.branched_from.empty()) {
    w.set_attr("branched_from", info.branched_from);
    w.set_attr("branch_month", info.branch_month);
  }

  w.add_time_dimension(
      sim::VarAttrs{"days since 2023-01-01", "time", "first day of the month of each record"});
  w.add_string_dimension("country", k.iso3, {"1", "country", "ISO 3166-1 alpha-3 code"});
  w.add_string_dimension("size_class", labels(kSizeLabels), {"1", "firm size class", ""});
  w.add_string_dimension("skill", labels(kSkillLabels), {"1", "worker skill", ""});
  w.add_string_dimension("occupation", labels(kOccupationLabels), {"1", "occupation", ""});
  w.add_string_dimension("provider", labels(kProviderLabels), {"1", "AI provider", ""});
  w.add_string_dimension("sex", labels(kSexLabels), {"1", "sex", ""});
  w.add_string_dimension("use", labels(kUseLabels), {"1", "AI use", "model v2"});
  w.add_string_dimension("income_group", labels(kIncomeLabels),
                         {"1", "World Bank income group", "FY2025 classification"});
  w.add_string_dimension("bloc", labels(kBlocLabels),
                         {"1", "originating bloc of open-weight releases", ""});

  std::vector<std::string> income, bloc;
  std::vector<std::int64_t> n_workers, n_firms;
  for (int c = 0; c < k.n; ++c) {
    income.push_back(income_group_name(k.income[c]));
    bloc.push_back(bloc_name(k.bloc[c]));
    n_workers.push_back(k.worker_offset[c + 1] - k.worker_offset[c]);
    n_firms.push_back(k.firm_offset[(c + 1) * kSizes] - k.firm_offset[c * kSizes]);
  }
  w.add_static_strings("country_name", "country", k.name, {"1", "country name", "World Bank"});
  w.add_static_strings("country_region", "country", k.region, {"1", "World Bank region", ""});
  w.add_static_strings("country_income_group", "country", income,
                       {"1", "World Bank income group", "FY2025 classification"});
  w.add_static_strings("country_bloc", "country", bloc,
                       {"1", "geopolitical bloc", "us, china or non_aligned"});
  w.add_static_ints("n_workers", "country", n_workers,
                    {"agents", "worker agents", "for standard errors"});
  w.add_static_ints("n_firms", "country", n_firms,
                    {"agents", "firm agents", "for standard errors"});

  const sim::StoreType float_type =
      params.output.dtype == "float32" ? sim::StoreType::kFloat32 : sim::StoreType::kFloat64;
  std::size_t largest = 1;
  for (const Variable* v : selected_variables(params)) {
    const int handle = w.add_series(v->name, dimension_names(v->dims),
                                    v->integer ? sim::StoreType::kInt32 : float_type,
                                    {v->units, v->long_name, v->description});
    selected_.push_back({v, handle});
    largest = std::max(largest, record_size(v->dims, k.n));
  }
  buffer_.resize(largest);
  w.start_swmr();
}

void Recorder::record(const World& world, const TickContext& ctx) {
  const Observation observation(world);
  writer_.begin_record(
      static_cast<double>(ctx.month.days_since_epoch() - YearMonth{2023, 1}.days_since_epoch()));
  for (const Selected& s : selected_) {
    const std::span<double> out(buffer_.data(), record_size(s.variable->dims, world.countries.n));
    s.variable->fill(observation, out);
    writer_.write(s.handle, out);
  }
}

void Recorder::finish(const std::string& status) {
  writer_.set_final_attr("end_time", sim::utc_now());
  writer_.finish(status);
}

void reset_record_flows(World& world) {
  Countries& k = world.countries;
  for (Column* col :
       {&k.pilot_entries, &k.pilot_promotions, &k.pilot_abandonments, &k.policy_cost_usd}) {
    std::fill(col->begin(), col->end(), 0.0);
  }
}

}  // namespace models
