// The loader of sweep files, internal to ensemble/: one class whose parts live by responsibility
// in sweep_loader.cpp (the file, its scenarios and `set:`), sweep_design.cpp (grid, Latin
// hypercube and table designs, their limits) and sweep_members.cpp (every member loaded and
// checked, then listed in plan order). sweep_plan.cpp holds the public entry points.
#pragma once

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "ensemble/sweep_plan.hpp"
#include "models/params.hpp"
#include "models/scenario.hpp"
#include "run/run_request.hpp"
#include "sim/csv.hpp"
#include "sim/design.hpp"
#include "sim/did_you_mean.hpp"
#include "sim/rng.hpp"
#include "sim/sha256.hpp"
#include "sim/yaml_reader.hpp"

namespace app::sweep_load {

namespace fs = std::filesystem;
using sim::InputError;
using sim::SourceLocation;
using sim::YamlSource;

inline constexpr sim::InputKind kKind = sim::InputKind::kScenario;
inline constexpr std::int64_t kMaxReplicates = 1000000;
inline constexpr std::int64_t kMaxLevels = 10000;
// Values a design may hold (points x parameters), checked before they are generated: a million
// points of a hundred parameters would take gigabytes before the member count is checked.
inline constexpr std::size_t kMaxDesignValues = 10000000;
// Member and point ids: 64 bits of SHA-256, collision-free in practice for any sweep size here.
inline constexpr std::size_t kIdHexDigits = 16;

inline const std::vector<std::string> kTopKeys = {"name", "description", "scenarios", "replicates",
                                                  "seed", "set",         "design"};
inline const std::vector<std::string> kDesignKeys = {"kind", "parameters", "points",
                                                     "seed", "file",       "columns"};
inline const std::vector<std::string> kKinds = {"grid", "latin_hypercube", "table"};
inline const std::vector<std::string> kSpecKeys = {"values", "min", "max", "levels", "scale"};
// Resolved settings every member must share: ensemble.h5 has one time axis, one country axis
// and one set of variables.
inline const std::vector<std::string> kSharedKeys = {
    "time.start",   "time.end",         "time.months_per_tick", "population.countries",
    "output.every", "output.variables", "output.dtype"};

inline const std::vector<models::ParamField>& param_fields() {
  static const std::vector<models::ParamField> fields = models::list_param_fields(models::Params{});
  return fields;
}

inline const models::ParamField* find_field(const std::string& key_path) {
  for (const auto& field : param_fields()) {
    if (field.key_path == key_path) return &field;
  }
  return nullptr;
}

inline std::string unknown_parameter_reason(const std::string& key_path) {
  static const std::vector<std::string> paths = [] {
    std::vector<std::string> out;
    for (const auto& field : param_fields()) out.push_back(field.key_path);
    return out;
  }();
  if (std::string removed = models::removed_key_reason(key_path); !removed.empty()) return removed;
  std::string reason = "unknown parameter";
  if (auto near = sim::did_you_mean(key_path, paths)) reason += " (did you mean '" + *near + "'?)";
  return reason;
}

inline std::string unknown_key_reason(const std::string& key,
                                      const std::vector<std::string>& known) {
  std::string reason = "unknown key";
  if (auto near = sim::did_you_mean(key, known)) reason += " (did you mean '" + *near + "'?)";
  return reason;
}

inline bool has_range(const sim::FieldMeta& meta) { return !(meta.min == 0 && meta.max == 0); }

inline bool in_range(double v, const sim::FieldMeta& meta) {
  return !has_range(meta) || (v >= meta.min && v <= meta.max);
}

inline std::string range_text(const models::ParamField& field) {
  return models::format_param_range(field.meta, field.type);
}

inline std::string number_text(double v) { return models::format_yaml_double(v); }

// A value as the scenario loader reads it from `--set key=VALUE`: scalars as written (quoted
// ones stay quoted, so "2.5" is still refused where a number is expected), others in flow style.
inline std::string yaml_value_text(const YAML::Node& node) {
  if (node.IsNull()) return "";
  if (node.IsScalar()) {
    if (node.Tag() != "!") return node.Scalar();
    YAML::Emitter out;
    out << YAML::DoubleQuoted << node.Scalar();
    return out.c_str();
  }
  YAML::Emitter out;
  out << YAML::Flow << node;
  return out.c_str();
}

inline std::string short_id(const std::string& canonical) {
  return sim::sha256_hex(canonical).substr(0, kIdHexDigits);
}

class SweepLoader {
 public:
  SweepLoader(const std::string& display, const std::string& base_dir);
  SweepPlan load(const std::string& text);

 private:
  // ------------------------------------------------------------ scenarios and `set:`
  void read_scenarios(const YAML::Node& node);
  // Whether a key path may be overridden by the sweep at all.
  const models::ParamField& overridable_field(const std::string& key_path, const YAML::Node& key,
                                              const std::string& where_path) const;
  void read_sets(const YAML::Node& node);
  void check_set_and_design_disjoint() const;
  // ------------------------------------------------------------ designs
  void read_design(const YAML::Node& node);
  YAML::Node required(const YAML::Node& parent, const std::optional<YAML::Node>& node,
                      const std::string& key_path) const;

  struct RangeSpec {
    std::vector<double> values;  // grid `values:`
    double min = 0, max = 0;
    std::int64_t levels = 0;
    bool log_scale = false;
    bool has_range = false;
    YAML::Node levels_node;
  };
  double read_param_value(const YAML::Node& node, const models::ParamField& field,
                          const std::string& path) const;
  // Reads `design.parameters` (grid or Latin hypercube), filling plan_.parameters.
  std::vector<RangeSpec> read_parameter_specs(const YAML::Node& node, bool grid);
  void read_grid(const YAML::Node& node);
  void read_latin_hypercube(const YAML::Node& node, const YAML::Node& points_node,
                            const std::optional<YAML::Node>& seed_node);
  void read_table(const YAML::Node& file_node, const std::optional<YAML::Node>& columns_node);
  // Refuses a design before it is generated when its values, or the members it would make with
  // the scenarios and replicates, pass the limits.
  void check_design_size(std::size_t points, std::size_t parameters, const YAML::Node& node,
                         const std::string& key_path) const;
  void add_point(const std::vector<double>& values, const std::string& label);
  // ------------------------------------------------------------ every member, checked
  // An error of a member's --set overrides is moved to where the sweep wrote the value.
  [[noreturn]] void relocate(const InputError& e, const SweepPoint& point) const;
  void check_members_load();
  void make_members();

  YamlSource source_;
  fs::path base_;
  SweepPlan plan_;
  std::vector<std::string> scenario_texts_;
  std::vector<std::string> set_canonical_;
  std::vector<YAML::Node> set_key_nodes_;
  std::optional<YAML::Node> replicates_node_;
};

}  // namespace app::sweep_load
