// A sweep file read: top-level keys, scenarios and `set:` overrides.
#include "ensemble/sweep_loader.hpp"

namespace app::sweep_load {

SweepLoader::SweepLoader(const std::string& display, const std::string& base_dir)
    : source_{display, kKind}, base_(base_dir.empty() ? fs::path(".") : fs::path(base_dir)) {
  plan_.path = display;
  plan_.name = fs::path(display).stem().string();
}

SweepPlan SweepLoader::load(const std::string& text) {
  const YAML::Node root = sim::parse_yaml(text, source_);
  if (!root.IsMap()) {
    source_.fail(root, "", "expected a mapping with scenarios:, replicates: and design:");
  }
  sim::check_unique_keys(root, source_, "");
  // std::optional, not an empty YAML::Node: a default-constructed node counts as defined.
  std::optional<YAML::Node> scenarios_node, design_node, set_node;
  for (const auto& entry : root) {
    const std::string key = sim::key_name(entry.first, source_, "");
    const YAML::Node& value = entry.second;
    if (key == "name") {
      plan_.name = sim::read_string(value, source_, key);
      if (plan_.name.empty()) source_.fail(entry.first, key, "must not be empty", "");
    } else if (key == "description") {
      sim::read_string(value, source_, key);
    } else if (key == "scenarios") {
      scenarios_node = value;
    } else if (key == "replicates") {
      plan_.replicates = sim::read_int64(value, source_, key);
      if (plan_.replicates < 1 || plan_.replicates > kMaxReplicates) {
        source_.fail(value, key, "out of range [1, " + std::to_string(kMaxReplicates) + "]");
      }
      replicates_node_ = value;
    } else if (key == "seed") {
      plan_.root_seed = sim::read_int64(value, source_, key);
      const models::ParamField* field = find_field("run.seed");
      if (!in_range(static_cast<double>(plan_.root_seed), field->meta)) {
        source_.fail(value, key, "out of range " + range_text(*field));
      }
    } else if (key == "set") {
      set_node = value;
    } else if (key == "design") {
      design_node = value;
    } else {
      throw InputError(kKind, source_.at(entry.first), key, unknown_key_reason(key, kTopKeys));
    }
  }
  if (!scenarios_node) {
    throw InputError(kKind, SourceLocation{source_.file, 1, 1}, "scenarios",
                     "missing: the list of scenario files to run");
  }
  read_scenarios(*scenarios_node);
  if (set_node) read_sets(*set_node);
  if (design_node && !design_node->IsNull()) {
    read_design(*design_node);
  } else {
    plan_.points.push_back(SweepPoint{{}, {}, ""});
  }
  check_set_and_design_disjoint();
  const std::size_t total =
      plan_.scenarios.size() * plan_.points.size() * static_cast<std::size_t>(plan_.replicates);
  if (total > kMaxSweepMembers) {
    throw InputError(
        kKind,
        replicates_node_ ? source_.at(*replicates_node_) : SourceLocation{source_.file, 1, 1},
        "replicates",
        "the sweep would have " + std::to_string(total) + " members, more than " +
            std::to_string(kMaxSweepMembers));
  }
  check_members_load();
  make_members();
  return std::move(plan_);
}

// ------------------------------------------------------------ scenarios and `set:`
void SweepLoader::read_scenarios(const YAML::Node& node) {
  if (!node.IsSequence() || node.size() == 0) {
    source_.fail(node, "scenarios", "expected a non-empty list of scenario files");
  }
  std::map<std::string, int> first_line;
  for (std::size_t i = 0; i < node.size(); ++i) {
    const YAML::Node item = node[i];
    const std::string key_path = "scenarios[" + std::to_string(i) + "]";
    const std::string given = sim::read_string(item, source_, key_path);
    if (given.empty()) source_.fail(item, key_path, "expected a scenario file name");
    const fs::path resolved =
        fs::path(given).is_absolute() ? fs::path(given) : (base_ / given).lexically_normal();
    SweepScenario scenario;
    scenario.path = resolved.string();
    scenario.name = resolved.stem().string();
    scenario.where = source_.at(item);
    if (const auto it = first_line.find(scenario.name); it != first_line.end()) {
      source_.fail(item, key_path,
                   "a second scenario named '" + scenario.name + "' (first at line " +
                       std::to_string(it->second) + "); member files are told apart by name");
    }
    first_line[scenario.name] = scenario.where.line;
    // As for `extends:`: a FIFO or a device would block or stream without end.
    std::error_code ec;
    if (fs::exists(resolved, ec) && !fs::is_regular_file(resolved, ec)) {
      source_.fail(item, key_path, "not a regular file: " + scenario.path);
    }
    const auto text = sim::read_text_file(scenario.path, kKind);
    if (!text) source_.fail(item, key_path, "cannot read scenario file " + scenario.path);
    // Loaded alone first, so an error of the scenario itself is reported as such.
    const models::Scenario loaded = models::load_scenario(scenario.path);
    sim::Sha256 hash;
    for (const std::string& file : loaded.files) {
      hash.update(sim::read_text_file(file, kKind).value_or(""));
      hash.update(std::string(1, '\0'));
    }
    scenario.sha256 = hash.hex_digest();
    plan_.scenarios.push_back(std::move(scenario));
    scenario_texts_.push_back(*text);
  }
}

// Whether a key path may be overridden by the sweep at all.
const models::ParamField& SweepLoader::overridable_field(const std::string& key_path,
                                                         const YAML::Node& key,
                                                         const std::string& where_path) const {
  const models::ParamField* field = find_field(key_path);
  if (field == nullptr) {
    throw InputError(kKind, source_.at(key), where_path, unknown_parameter_reason(key_path));
  }
  if (key_path == "run.seed" || key_path == "run.replicate") {
    throw InputError(kKind, source_.at(key), where_path,
                     "set by the sweep's seed: and replicates: keys, not per member");
  }
  return *field;
}

void SweepLoader::read_sets(const YAML::Node& node) {
  if (node.IsNull()) return;
  if (!node.IsMap()) source_.fail(node, "set", "expected a mapping of key.path: value");
  sim::check_unique_keys(node, source_, "set");
  for (const auto& entry : node) {
    const std::string key = sim::key_name(entry.first, source_, "set");
    const std::string where_path = "set." + key;
    const models::ParamField& field = overridable_field(key, entry.first, where_path);
    std::string canonical = yaml_value_text(entry.second);
    // Numbers are written in one canonical form so that 0.10 and 0.1 give the same member id.
    if (entry.second.IsScalar() && entry.second.Tag() != "!") {
      if (field.type == "number") {
        canonical = number_text(sim::read_double(entry.second, source_, where_path));
      } else if (field.type == "integer") {
        canonical = std::to_string(sim::read_int64(entry.second, source_, where_path));
      }
    }
    plan_.sets.emplace_back(key, yaml_value_text(entry.second));
    set_canonical_.push_back(canonical);
    plan_.set_where.push_back(source_.at(entry.second.IsNull() ? entry.first : entry.second));
    set_key_nodes_.push_back(entry.first);
  }
}

void SweepLoader::check_set_and_design_disjoint() const {
  for (std::size_t i = 0; i < plan_.sets.size(); ++i) {
    for (const SweepParameter& p : plan_.parameters) {
      if (p.key_path == plan_.sets[i].first) {
        throw InputError(
            kKind, source_.at(set_key_nodes_[i]), "set." + p.key_path,
            "also varied by the design (at line " + std::to_string(p.where.line) + ")");
      }
    }
  }
}

}  // namespace app::sweep_load
