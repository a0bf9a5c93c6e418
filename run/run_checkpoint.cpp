// Run checkpoints: metadata sections next to the world's, and the checks before a restart.
#include "run/run_checkpoint.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>

#include "models/levers.hpp"
#include "models/world_state.hpp"
#include "sim/sha256.hpp"

namespace app {

namespace {

sim::InputError refusal(const std::string& path, const std::string& reason,
                        const std::string& key = "", const std::string& got = "") {
  return sim::InputError(sim::InputKind::kIo, sim::SourceLocation{path, 0, 0}, key, reason, got);
}

// The first line where two texts differ, as "line N: `a` vs `b`".
std::string first_difference(const std::string& a, const std::string& b) {
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool ha = static_cast<bool>(std::getline(sa, la));
    const bool hb = static_cast<bool>(std::getline(sb, lb));
    if (!ha && !hb) return "";
    if (!ha || !hb || la != lb) {
      return "line " + std::to_string(line) + ": checkpoint `" + (ha ? la : "") + "`, now `" +
             (hb ? lb : "") + "`";
    }
  }
}

// An entry as it acts before `month`: every field, with its end cut at the month before.
std::string entry_before(const models::PolicyEntry& e, const sim::YearMonth& month) {
  std::ostringstream out;
  out.precision(17);
  out << models::lever_info(e.lever).name << '|' << e.targets.all;
  for (const auto* list :
       {&e.targets.income, &e.targets.region, &e.targets.bloc, &e.targets.iso3}) {
    out << '|';
    for (const std::string& s : *list) out << s << ',';
  }
  const sim::YearMonth last = month.plus_months(-1);
  const sim::YearMonth end = e.end ? std::min(*e.end, last) : last;
  out << '|' << e.start.str() << '|' << e.ramp_months << '|' << end.str() << '|' << e.intensity;
  for (const auto& v : {e.cap_pflops, e.substitute_efficiency, e.leakage}) {
    out << '|' << (v ? std::to_string(*v) : "-");
  }
  out << '|' << static_cast<int>(e.priority_mask);
  return out.str();
}

// The entries of `params` that act before `month`, in a canonical order.
std::vector<std::string> entries_before(const models::Params& params, const sim::YearMonth& month) {
  std::vector<std::string> out;
  for (const models::PolicyEntry& e : params.policies) {
    if (e.start < month) out.push_back(entry_before(e, month));
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool may_differ_in_branch(const std::string& key) {
  return key.starts_with("policies") || key.starts_with("output.") || key.starts_with("run.") ||
         key == "time.end";
}

}  // namespace

std::string executable_sha256() {
  std::ifstream in("/proc/self/exe", std::ios::binary);
  if (!in) return "";
  sim::Sha256 hash;
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    hash.update(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
  }
  return hash.hex_digest();
}

void write_checkpoint(const std::string& path, const CheckpointInfo& info,
                      const models::World& world) {
  sim::CheckpointWriter out(path);
  out.put_text("run.version", info.version);
  out.put_text("run.build_sha256", info.build_sha256);
  out.put_text("run.scenario_path", info.scenario_path);
  out.put_text("run.scenario_yaml", info.scenario_yaml);
  out.put_value("run.set_count", static_cast<std::int64_t>(info.sets.size()));
  for (std::size_t i = 0; i < info.sets.size(); ++i) {
    out.put_text("run.set." + std::to_string(i), info.sets[i]);
  }
  out.put_text("run.parameters_yaml", info.parameters_yaml);
  out.put_text("run.data_sha256", info.data_sha256);
  out.put_value("run.seed", info.seed);
  out.put_value("run.replicate", info.replicate);
  out.put_text("run.output_path", info.output_path);
  out.put_value("run.records", info.records);
  out.put_value("run.tick", info.tick);
  out.put_text("run.month", info.month);
  out.put_text("run.created", info.created);
  out.put_text("run.checkpoint_every", info.checkpoint_every);
  out.put_value("run.init_seconds", info.init_seconds);
  out.put_value("run.output_seconds", info.output_seconds);
  out.put<double>("run.phase_seconds", info.phase_seconds);
  models::save_world_state(world, out);
  out.commit();
}

Checkpoint read_checkpoint(const std::string& path) {
  Checkpoint c{{}, sim::CheckpointReader(path)};
  const sim::CheckpointReader& in = c.state;
  CheckpointInfo& info = c.info;
  info.version = in.text("run.version");
  if (info.version != AIDIVIDE_VERSION) {
    throw refusal(path, "written by aidivide " + info.version +
                            "; this is aidivide " AIDIVIDE_VERSION
                            " (a restart must use the version that wrote the checkpoint)");
  }
  info.build_sha256 = in.text("run.build_sha256");
  info.scenario_path = in.text("run.scenario_path");
  info.scenario_yaml = in.text("run.scenario_yaml");
  const auto sets = in.value<std::int64_t>("run.set_count");
  for (std::int64_t i = 0; i < sets; ++i) {
    info.sets.push_back(in.text("run.set." + std::to_string(i)));
  }
  info.parameters_yaml = in.text("run.parameters_yaml");
  info.data_sha256 = in.text("run.data_sha256");
  info.seed = in.value<std::int64_t>("run.seed");
  info.replicate = in.value<std::int64_t>("run.replicate");
  info.output_path = in.text("run.output_path");
  info.records = in.value<std::int64_t>("run.records");
  info.tick = in.value<std::int32_t>("run.tick");
  info.month = in.text("run.month");
  info.created = in.text("run.created");
  info.checkpoint_every = in.text("run.checkpoint_every");
  info.init_seconds = in.value<double>("run.init_seconds");
  info.output_seconds = in.value<double>("run.output_seconds");
  in.read("run.phase_seconds", std::span<double>(info.phase_seconds));
  const std::string build = executable_sha256();
  if (!build.empty() && build != info.build_sha256) {
    std::cerr << "warning: " << path << ": written by another build of aidivide "
              << AIDIVIDE_VERSION
              << "; the continued run is identical to an uninterrupted one only with the same "
                 "build\n";
  }
  return c;
}

void print_checkpoint(const CheckpointInfo& info, std::ostream& out) {
  out << "checkpoint of:  " << info.scenario_path << " (seed " << info.seed << ", replicate "
      << info.replicate << ")\n"
      << "written by:     aidivide " << info.version << ", " << info.created << "\n"
      << "next month:     " << info.month << " (tick " << info.tick << ")\n"
      << "output:         " << info.output_path << " (" << info.records << " records kept)\n";
  if (!info.sets.empty()) {
    out << "--set:         ";
    for (const std::string& s : info.sets) out << " " << s;
    out << "\n";
  }
  if (!info.checkpoint_every.empty()) out << "every:          " << info.checkpoint_every << "\n";
  out << "data_sha256:    " << info.data_sha256 << "\n";
}

RunRequest checkpoint_request(const CheckpointInfo& info) {
  RunRequest request;
  request.scenario_path = info.scenario_path;
  request.scenario_text = info.scenario_yaml;
  request.sets = info.sets;
  request.seed = info.seed;
  request.replicate = info.replicate;
  request.output = info.output_path;
  return request;
}

// Both a restart and a branch need the checkpoint's data.
static void check_same_data(const CheckpointInfo& info, const PreparedRun& run) {
  if (run.data.sha256 != info.data_sha256) {
    throw refusal(run.scenario.path, "the data differ from the checkpoint's (data_sha256 " +
                                         run.data.sha256 + ", checkpoint " + info.data_sha256 +
                                         ")");
  }
}

void check_same_run(const CheckpointInfo& info, const PreparedRun& run) {
  const std::string params = models::params_to_yaml(run.scenario.params);
  if (params != info.parameters_yaml) {
    throw refusal(info.scenario_path,
                  "the scenario no longer resolves to the checkpoint's parameters (a file it "
                  "extends or the defaults changed): " +
                      first_difference(info.parameters_yaml, params));
  }
  check_same_data(info, run);
}

void check_branch(const Checkpoint& checkpoint, const PreparedRun& run) {
  const CheckpointInfo& info = checkpoint.info;
  const models::Params& now = run.scenario.params;
  check_same_data(info, run);
  if (now.run.seed != info.seed || now.run.replicate != info.replicate) {
    throw refusal(checkpoint.state.path(),
                  "a branch keeps the checkpoint's seed and replicate (" +
                      std::to_string(info.seed) + ", " + std::to_string(info.replicate) + ")",
                  "run.seed",
                  std::to_string(now.run.seed) + ", " + std::to_string(now.run.replicate));
  }
  // The checkpoint's own parameters, rebuilt from its scenario as it was.
  const models::Scenario before = load_request_scenario(checkpoint_request(info));
  if (models::params_to_yaml(before.params) != info.parameters_yaml) {
    throw refusal(
        info.scenario_path,
        "cannot rebuild the checkpoint's parameters (a file its scenario extends or the "
        "defaults changed): " +
            first_difference(info.parameters_yaml, models::params_to_yaml(before.params)));
  }
  const auto old_fields = models::list_param_fields(before.params);
  const auto new_fields = models::list_param_fields(now);
  for (std::size_t i = 0; i < old_fields.size() && i < new_fields.size(); ++i) {
    const models::ParamField& a = old_fields[i];
    const models::ParamField& b = new_fields[i];
    if (may_differ_in_branch(a.key_path) || a.value_yaml == b.value_yaml) continue;
    throw sim::InputError(sim::InputKind::kScenario, run.scenario.where(b.key_path), b.key_path,
                          "differs from the checkpoint's " + a.value_yaml +
                              "; a branch may change only policies that start at or after " +
                              info.month + ", output.*, run.* and time.end",
                          b.value_yaml);
  }
  const auto month = sim::parse_year_month(info.month);
  if (!month) throw refusal(checkpoint.state.path(), "damaged month", "", info.month);
  if (entries_before(before.params, *month) != entries_before(now, *month)) {
    throw sim::InputError(sim::InputKind::kScenario, run.scenario.where("policies"), "policies",
                          "the entries that act before " + info.month +
                              " differ from the checkpoint's; a branch may add, change or end "
                              "policies only from " +
                              info.month + " on");
  }
  if (now.tick_count() < info.tick) {
    throw sim::InputError(sim::InputKind::kScenario, run.scenario.where("time.end"), "time.end",
                          "ends before the checkpoint's month " + info.month, now.time.end.str());
  }
}

void restore(models::Simulation& simulation, const Checkpoint& checkpoint) {
  models::load_world_state(simulation.world(), checkpoint.state);
  simulation.restore_phase_seconds(checkpoint.info.phase_seconds);
}

}  // namespace app
