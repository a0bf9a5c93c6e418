// Sweep files: scenarios x design points x replicates, checked up front, as an ordered member list.
#include "app/sweep_plan.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <optional>
#include <system_error>

#include "app/cli_common.hpp"
#include "models/params.hpp"
#include "models/scenario.hpp"
#include "sim/csv.hpp"
#include "sim/design.hpp"
#include "sim/did_you_mean.hpp"
#include "sim/rng.hpp"
#include "sim/sha256.hpp"
#include "sim/yaml_reader.hpp"

namespace app {

namespace {

namespace fs = std::filesystem;
using sim::InputError;
using sim::SourceLocation;
using sim::YamlSource;

constexpr sim::InputKind kKind = sim::InputKind::kScenario;
constexpr std::int64_t kMaxReplicates = 1000000;
constexpr std::int64_t kMaxLevels = 10000;
// Values a design may hold (points x parameters), checked before they are generated: a million
// points of a hundred parameters would take gigabytes before the member count is checked.
constexpr std::size_t kMaxDesignValues = 10000000;
// Member and point ids: 64 bits of SHA-256, collision-free in practice for any sweep size here.
constexpr std::size_t kIdHexDigits = 16;

const std::vector<std::string> kTopKeys = {"name", "description", "scenarios", "replicates",
                                           "seed", "set",         "design"};
const std::vector<std::string> kDesignKeys = {"kind", "parameters", "points",
                                              "seed", "file",       "columns"};
const std::vector<std::string> kKinds = {"grid", "latin_hypercube", "table"};
const std::vector<std::string> kSpecKeys = {"values", "min", "max", "levels", "scale"};
// Resolved settings every member must share: ensemble.h5 has one time axis, one country axis
// and one set of variables.
const std::vector<std::string> kSharedKeys = {
    "time.start",   "time.end",         "time.months_per_tick", "population.countries",
    "output.every", "output.variables", "output.dtype"};

const std::vector<models::ParamField>& param_fields() {
  static const std::vector<models::ParamField> fields = models::list_param_fields(models::Params{});
  return fields;
}

const models::ParamField* find_field(const std::string& key_path) {
  for (const auto& field : param_fields()) {
    if (field.key_path == key_path) return &field;
  }
  return nullptr;
}

std::string unknown_parameter_reason(const std::string& key_path) {
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

std::string unknown_key_reason(const std::string& key, const std::vector<std::string>& known) {
  std::string reason = "unknown key";
  if (auto near = sim::did_you_mean(key, known)) reason += " (did you mean '" + *near + "'?)";
  return reason;
}

bool has_range(const sim::FieldMeta& meta) { return !(meta.min == 0 && meta.max == 0); }

bool in_range(double v, const sim::FieldMeta& meta) {
  return !has_range(meta) || (v >= meta.min && v <= meta.max);
}

std::string range_text(const models::ParamField& field) {
  return models::format_param_range(field.meta, field.type);
}

std::string number_text(double v) { return models::format_yaml_double(v); }

// A value as the scenario loader reads it from `--set key=VALUE`: scalars as written (quoted
// ones stay quoted, so "2.5" is still refused where a number is expected), others in flow style.
std::string yaml_value_text(const YAML::Node& node) {
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

std::string short_id(const std::string& canonical) {
  return sim::sha256_hex(canonical).substr(0, kIdHexDigits);
}

class SweepLoader {
 public:
  SweepLoader(const std::string& display, const std::string& base_dir)
      : source_{display, kKind}, base_(base_dir.empty() ? fs::path(".") : fs::path(base_dir)) {
    plan_.path = display;
    plan_.name = fs::path(display).stem().string();
  }

  SweepPlan load(const std::string& text) {
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

 private:
  // ------------------------------------------------------------ scenarios and `set:`

  void read_scenarios(const YAML::Node& node) {
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
  const models::ParamField& overridable_field(const std::string& key_path, const YAML::Node& key,
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

  void read_sets(const YAML::Node& node) {
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

  void check_set_and_design_disjoint() const {
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

  // ------------------------------------------------------------ designs

  void read_design(const YAML::Node& node) {
    if (!node.IsMap()) source_.fail(node, "design", "expected a mapping with kind:");
    sim::check_unique_keys(node, source_, "design");
    const YAML::Node kind_node = node["kind"];
    if (!kind_node.IsDefined()) {
      source_.fail(node, "design.kind", "missing: grid, latin_hypercube or table", "");
    }
    const std::string kind = sim::read_string(kind_node, source_, "design.kind");
    if (std::find(kKinds.begin(), kKinds.end(), kind) == kKinds.end()) {
      std::string reason = "unknown design kind: grid, latin_hypercube or table";
      if (auto near = sim::did_you_mean(kind, kKinds)) {
        reason = "unknown design kind (did you mean '" + *near + "'?)";
      }
      source_.fail(kind_node, "design.kind", reason);
    }
    plan_.design_kind = kind;
    const std::map<std::string, std::vector<std::string>> allowed = {
        {"grid", {"kind", "parameters"}},
        {"latin_hypercube", {"kind", "parameters", "points", "seed"}},
        {"table", {"kind", "file", "columns"}}};
    std::optional<YAML::Node> parameters, points, seed, file, columns;
    for (const auto& entry : node) {
      const std::string key = sim::key_name(entry.first, source_, "design");
      const std::string path = "design." + key;
      if (std::find(kDesignKeys.begin(), kDesignKeys.end(), key) == kDesignKeys.end()) {
        throw InputError(kKind, source_.at(entry.first), path,
                         unknown_key_reason(key, kDesignKeys));
      }
      const auto& ok = allowed.at(kind);
      if (std::find(ok.begin(), ok.end(), key) == ok.end()) {
        throw InputError(kKind, source_.at(entry.first), path, "not used by a " + kind + " design");
      }
      if (key == "parameters") parameters = entry.second;
      if (key == "points") points = entry.second;
      if (key == "seed") seed = entry.second;
      if (key == "file") file = entry.second;
      if (key == "columns") columns = entry.second;
    }
    if (kind == "grid") {
      read_grid(required(node, parameters, "design.parameters"));
    } else if (kind == "latin_hypercube") {
      read_latin_hypercube(required(node, parameters, "design.parameters"),
                           required(node, points, "design.points"), seed);
    } else {
      read_table(required(node, file, "design.file"), columns);
    }
  }

  YAML::Node required(const YAML::Node& parent, const std::optional<YAML::Node>& node,
                      const std::string& key_path) const {
    if (!node) source_.fail(parent, key_path, "missing", "");
    return *node;
  }

  struct RangeSpec {
    std::vector<double> values;  // grid `values:`
    double min = 0, max = 0;
    std::int64_t levels = 0;
    bool log_scale = false;
    bool has_range = false;
    YAML::Node levels_node;
  };

  double read_param_value(const YAML::Node& node, const models::ParamField& field,
                          const std::string& path) const {
    const double v = field.type == "integer"
                         ? static_cast<double>(sim::read_int64(node, source_, path))
                         : sim::read_double(node, source_, path);
    if (!in_range(v, field.meta)) source_.fail(node, path, "out of range " + range_text(field));
    return v;
  }

  // Reads `design.parameters` (grid or Latin hypercube), filling plan_.parameters.
  std::vector<RangeSpec> read_parameter_specs(const YAML::Node& node, bool grid) {
    if (!node.IsMap() || node.size() == 0) {
      source_.fail(node, "design.parameters",
                   "expected a mapping of parameter key paths to their ranges");
    }
    sim::check_unique_keys(node, source_, "design.parameters");
    std::vector<RangeSpec> specs;
    for (const auto& entry : node) {
      const std::string key = sim::key_name(entry.first, source_, "design.parameters");
      const std::string path = "design.parameters." + key;
      const models::ParamField& field = overridable_field(key, entry.first, path);
      if (field.type != "number" && field.type != "integer") {
        throw InputError(
            kKind, source_.at(entry.first), path,
            "only number and integer parameters can be varied (this one is a " + field.type + ")");
      }
      plan_.parameters.push_back({key, field.type == "integer", source_.at(entry.first)});
      const YAML::Node& spec_node = entry.second;
      if (!spec_node.IsMap()) {
        source_.fail(spec_node, path,
                     grid ? "expected {values: [...]} or {min: A, max: B, levels: N}"
                          : "expected {min: A, max: B}");
      }
      sim::check_unique_keys(spec_node, source_, path);
      RangeSpec spec;
      std::optional<YAML::Node> values, min, max, levels, scale;
      for (const auto& item : spec_node) {
        const std::string name = sim::key_name(item.first, source_, path);
        const std::string item_path = path + "." + name;
        if (std::find(kSpecKeys.begin(), kSpecKeys.end(), name) == kSpecKeys.end()) {
          throw InputError(kKind, source_.at(item.first), item_path,
                           unknown_key_reason(name, kSpecKeys));
        }
        if (!grid && (name == "values" || name == "levels")) {
          throw InputError(kKind, source_.at(item.first), item_path,
                           "not used by a latin_hypercube design (give min: and max:)");
        }
        if (name == "values") values = item.second;
        if (name == "min") min = item.second;
        if (name == "max") max = item.second;
        if (name == "levels") levels = item.second;
        if (name == "scale") scale = item.second;
      }
      if (values) {
        if (min || max || levels || scale) {
          source_.fail(spec_node, path, "give either values: or min:, max: and levels:");
        }
        if (!values->IsSequence() || values->size() == 0) {
          source_.fail(*values, path + ".values", "expected a non-empty list of numbers");
        }
        for (std::size_t i = 0; i < values->size(); ++i) {
          const std::string item_path = path + ".values[" + std::to_string(i) + "]";
          const YAML::Node item = (*values)[i];
          const double v = read_param_value(item, field, item_path);
          if (std::find(spec.values.begin(), spec.values.end(), v) != spec.values.end()) {
            source_.fail(item, item_path, "repeated level");
          }
          spec.values.push_back(v);
        }
        specs.push_back(std::move(spec));
        continue;
      }
      if (!min || !max) {
        source_.fail(spec_node, path,
                     grid ? "missing min: and max: (or values:)" : "missing min: and max:");
      }
      spec.has_range = true;
      spec.min = read_param_value(*min, field, path + ".min");
      spec.max = read_param_value(*max, field, path + ".max");
      if (!(spec.max > spec.min)) {
        source_.fail(*max, path + ".max", "must be greater than min = " + number_text(spec.min));
      }
      if (scale) {
        const std::string s = sim::read_string(*scale, source_, path + ".scale");
        if (s != "linear" && s != "log") {
          source_.fail(*scale, path + ".scale", "expected linear or log");
        }
        spec.log_scale = s == "log";
        if (spec.log_scale && !(spec.min > 0)) {
          source_.fail(*min, path + ".min", "a log scale needs min > 0");
        }
      }
      if (grid) {
        if (!levels) source_.fail(spec_node, path, "missing levels: (at least 2)");
        spec.levels = sim::read_int64(*levels, source_, path + ".levels");
        if (spec.levels < 2 || spec.levels > kMaxLevels) {
          source_.fail(*levels, path + ".levels",
                       "out of range [2, " + std::to_string(kMaxLevels) + "]");
        }
        spec.levels_node = *levels;
      }
      specs.push_back(std::move(spec));
    }
    return specs;
  }

  void read_grid(const YAML::Node& node) {
    const std::vector<RangeSpec> specs = read_parameter_specs(node, true);
    std::vector<std::vector<double>> levels;
    std::size_t total = 1;
    for (std::size_t j = 0; j < specs.size(); ++j) {
      const RangeSpec& spec = specs[j];
      std::vector<double> factor = spec.values;
      if (spec.has_range) {
        factor = sim::spaced_levels(spec.min, spec.max, static_cast<std::size_t>(spec.levels),
                                    spec.log_scale);
        if (plan_.parameters[j].integer) {
          for (double& v : factor) v = std::round(v);
          for (std::size_t k = 1; k < factor.size(); ++k) {
            if (factor[k] == factor[k - 1]) {
              source_.fail(spec.levels_node,
                           "design.parameters." + plan_.parameters[j].key_path + ".levels",
                           "levels coincide once rounded to integers; use fewer levels");
            }
          }
        }
      }
      total *= factor.size();
      if (total > kMaxSweepMembers) {
        source_.fail(node, "design.parameters",
                     "the grid has more than " + std::to_string(kMaxSweepMembers) + " points");
      }
      check_design_size(total, specs.size(), node, "design.parameters");
      levels.push_back(std::move(factor));
    }
    const auto rows = sim::full_grid(levels);
    for (std::size_t i = 0; i < rows.size(); ++i)
      add_point(rows[i], "grid point " + std::to_string(i));
  }

  void read_latin_hypercube(const YAML::Node& node, const YAML::Node& points_node,
                            const std::optional<YAML::Node>& seed_node) {
    const std::vector<RangeSpec> specs = read_parameter_specs(node, false);
    const std::int64_t n = sim::read_int64(points_node, source_, "design.points");
    if (n < 1 || n > static_cast<std::int64_t>(kMaxSweepMembers)) {
      source_.fail(points_node, "design.points",
                   "out of range [1, " + std::to_string(kMaxSweepMembers) + "]");
    }
    check_design_size(static_cast<std::size_t>(n), specs.size(), points_node, "design.points");
    std::int64_t seed = plan_.root_seed;
    if (seed_node) {
      seed = sim::read_int64(*seed_node, source_, "design.seed");
      if (seed < 0) source_.fail(*seed_node, "design.seed", "must be at least 0");
    }
    const auto unit = sim::latin_hypercube(static_cast<std::size_t>(n), specs.size(),
                                           static_cast<std::uint64_t>(seed));
    std::map<std::vector<double>, std::size_t> seen;
    for (std::size_t i = 0; i < unit.size(); ++i) {
      std::vector<double> row(specs.size());
      for (std::size_t j = 0; j < specs.size(); ++j) {
        const RangeSpec& s = specs[j];
        if (!plan_.parameters[j].integer) {
          row[j] = sim::scale_unit(unit[i][j], s.min, s.max, s.log_scale);
        } else if (s.log_scale) {
          row[j] = std::round(sim::scale_unit(unit[i][j], s.min, s.max, true));
        } else {
          // Each integer of [min, max] gets an equal share of the unit interval.
          row[j] = std::min(s.max, s.min + std::floor(unit[i][j] * (s.max - s.min + 1)));
        }
      }
      if (const auto it = seen.find(row); it != seen.end()) {
        source_.fail(points_node, "design.points",
                     "points " + std::to_string(it->second) + " and " + std::to_string(i) +
                         " coincide once the integer parameters are rounded; use fewer points "
                         "or wider ranges");
      }
      seen.emplace(row, i);
      add_point(row, "latin hypercube point " + std::to_string(i));
    }
  }

  void read_table(const YAML::Node& file_node, const std::optional<YAML::Node>& columns_node) {
    const std::string given = sim::read_string(file_node, source_, "design.file");
    if (given.empty()) source_.fail(file_node, "design.file", "expected a CSV file name");
    const fs::path resolved =
        fs::path(given).is_absolute() ? fs::path(given) : (base_ / given).lexically_normal();
    const std::string display = resolved.string();
    std::error_code ec;
    if (!fs::is_regular_file(resolved, ec)) {
      source_.fail(file_node, "design.file", "cannot read design table " + display);
    }
    const sim::CsvTable table =
        sim::parse_csv(sim::read_input_file(display, kKind), display, kKind);
    std::vector<int> columns;
    if (columns_node) {
      const std::vector<std::string> names =
          sim::read_string_list(*columns_node, source_, "design.columns");
      if (names.empty()) {
        source_.fail(*columns_node, "design.columns", "expected at least one column");
      }
      for (std::size_t i = 0; i < names.size(); ++i) {
        const int c = table.find_column(names[i]);
        if (c < 0) {
          source_.fail((*columns_node)[i], "design.columns[" + std::to_string(i) + "]",
                       "no such column in " + display);
        }
        columns.push_back(c);
      }
    } else {
      for (int c = 0; c < static_cast<int>(table.header().size()); ++c) columns.push_back(c);
    }
    for (int c : columns) {
      const std::string& key = table.header()[static_cast<std::size_t>(c)];
      const models::ParamField* field = find_field(key);
      if (field == nullptr) {
        throw InputError(kKind, table.header_location(), key, unknown_parameter_reason(key));
      }
      if (key == "run.seed" || key == "run.replicate") {
        throw InputError(kKind, table.header_location(), key,
                         "set by the sweep's seed: and replicates: keys, not per member");
      }
      if (field->type != "number" && field->type != "integer") {
        throw InputError(
            kKind, table.header_location(), key,
            "only number and integer parameters can be varied (this one is a " + field->type + ")");
      }
      plan_.parameters.push_back({key, field->type == "integer", table.header_location()});
    }
    if (table.size() == 0) {
      throw InputError(kKind, table.header_location(), "", "the design table has no rows");
    }
    if (table.size() > kMaxSweepMembers) {
      throw InputError(
          kKind, table.header_location(), "",
          "the design table has more than " + std::to_string(kMaxSweepMembers) + " rows");
    }
    std::map<std::vector<double>, std::size_t> seen;
    for (std::size_t r = 0; r < table.size(); ++r) {
      std::vector<double> row;
      std::vector<SourceLocation> where;
      for (std::size_t j = 0; j < columns.size(); ++j) {
        const int c = columns[j];
        const models::ParamField& field = *find_field(plan_.parameters[j].key_path);
        const double v = plan_.parameters[j].integer ? static_cast<double>(table.integer(r, c))
                                                     : table.number(r, c);
        if (!in_range(v, field.meta)) table.fail(r, c, "out of range " + range_text(field));
        row.push_back(v);
        where.push_back(table.location(r, c));
      }
      const int line = table.location(r, columns.front()).line;
      if (const auto it = seen.find(row); it != seen.end()) {
        table.fail(r, columns.front(),
                   "repeats the design point of line " + std::to_string(it->second));
      }
      seen.emplace(row, static_cast<std::size_t>(line));
      plan_.points.push_back(
          SweepPoint{std::move(row), std::move(where), display + " line " + std::to_string(line)});
    }
  }

  // Refuses a design before it is generated when its values, or the members it would make with
  // the scenarios and replicates, pass the limits.
  void check_design_size(std::size_t points, std::size_t parameters, const YAML::Node& node,
                         const std::string& key_path) const {
    if (points * parameters > kMaxDesignValues) {
      source_.fail(node, key_path,
                   "the design would hold " + std::to_string(points) + " points x " +
                       std::to_string(parameters) + " parameters, more than " +
                       std::to_string(kMaxDesignValues) + " values");
    }
    const std::size_t members =
        points * plan_.scenarios.size() * static_cast<std::size_t>(plan_.replicates);
    if (members > kMaxSweepMembers) {
      source_.fail(node, key_path,
                   "the sweep would have " + std::to_string(members) + " members, more than " +
                       std::to_string(kMaxSweepMembers));
    }
  }

  void add_point(const std::vector<double>& values, const std::string& label) {
    SweepPoint point{values, {}, label};
    for (const SweepParameter& p : plan_.parameters) point.where.push_back(p.where);
    plan_.points.push_back(std::move(point));
  }

  // ------------------------------------------------------------ every member, checked

  // An error of a member's --set overrides is moved to where the sweep wrote the value.
  [[noreturn]] void relocate(const InputError& e, const SweepPoint& point) const {
    if (e.where().file == "--set" && e.where().line >= 1) {
      const auto i = static_cast<std::size_t>(e.where().line - 1);
      SourceLocation where = e.where();
      if (i < plan_.set_where.size()) {
        where = plan_.set_where[i];
      } else if (i - plan_.set_where.size() < point.where.size()) {
        where = point.where[i - plan_.set_where.size()];
      }
      const std::string suffix = point.label.empty() ? "" : " (" + point.label + ")";
      throw InputError(e.kind(), where, e.key_path(), e.reason() + suffix, e.got());
    }
    if (point.label.empty()) throw e;
    throw InputError(e.kind(), e.where(), e.key_path(),
                     e.reason() + " (with " + point.label + " of " + plan_.path + ")", e.got());
  }

  void check_members_load() {
    std::vector<std::string> first_values;
    std::string first_label;
    SweepMember probe;
    for (std::size_t s = 0; s < plan_.scenarios.size(); ++s) {
      const SweepScenario& scenario = plan_.scenarios[s];  // data_sha256 is filled in below
      const std::string dir = fs::path(scenario.path).parent_path().string();
      for (std::size_t p = 0; p < plan_.points.size(); ++p) {
        probe.scenario = s;
        probe.point = p;
        models::Scenario loaded;
        try {
          loaded = models::load_scenario_text(scenario_texts_[s], scenario.path, dir,
                                              plan_.overrides(probe));
          if (p == 0) {
            // Once per scenario, everything else a run checks before tick 0 (data, output
            // variables, policies, memory): a bad sweep is refused now, not by failing every
            // member on the cluster. The output path only has to be in a writable directory.
            RunRequest request;
            request.scenario_path = scenario.path;
            request.sets = plan_.overrides(probe);
            request.seed = plan_.root_seed;
            request.replicate = 0;
            request.output = (fs::temp_directory_path() / "aidivide-sweep-check.h5").string();
            plan_.scenarios[s].data_sha256 = prepare_run(request).data.sha256;
          }
        } catch (const InputError& e) {
          relocate(e, plan_.points[p]);
        }
        std::vector<std::string> values;
        const auto fields = models::list_param_fields(loaded.params);
        for (const std::string& key : kSharedKeys) {
          for (const auto& field : fields) {
            if (field.key_path == key) values.push_back(field.value_yaml);
          }
        }
        const std::string label = plan_.points[p].label.empty()
                                      ? scenario.name
                                      : scenario.name + " with " + plan_.points[p].label;
        if (first_values.empty()) {
          first_values = values;
          first_label = label;
          continue;
        }
        for (std::size_t k = 0; k < kSharedKeys.size(); ++k) {
          if (values[k] == first_values[k]) continue;
          const std::string reason = "members of one sweep share " + kSharedKeys[k] +
                                     " (ensemble.h5 has one axis): " + label + " has " + values[k] +
                                     ", " + first_label + " has " + first_values[k];
          SourceLocation where = scenario.where;
          for (std::size_t j = 0; j < plan_.parameters.size(); ++j) {
            if (plan_.parameters[j].key_path == kSharedKeys[k]) where = plan_.points[p].where[j];
          }
          throw InputError(kKind, where, kSharedKeys[k], reason);
        }
      }
    }
  }

  void make_members() {
    for (std::size_t s = 0; s < plan_.scenarios.size(); ++s) {
      for (std::size_t p = 0; p < plan_.points.size(); ++p) {
        // Sorted key=value lines: the id depends on what is overridden, not on how the sweep
        // file orders or groups it, and not on the other scenarios or points of the sweep.
        std::vector<std::string> lines;
        for (std::size_t i = 0; i < plan_.sets.size(); ++i) {
          lines.push_back(plan_.sets[i].first + "=" + set_canonical_[i]);
        }
        for (std::size_t j = 0; j < plan_.parameters.size(); ++j) {
          lines.push_back(plan_.parameters[j].key_path + "=" +
                          plan_.value_text(j, plan_.points[p].values[j]));
        }
        std::sort(lines.begin(), lines.end());
        // The data are part of what a member is: new data give new members, not skipped ones.
        std::string point = "aidivide sweep point 1\nscenario " + plan_.scenarios[s].name +
                            "\nscenario_sha256 " + plan_.scenarios[s].sha256 + "\ndata_sha256 " +
                            plan_.scenarios[s].data_sha256 + "\n";
        for (const std::string& line : lines) point += "set " + line + "\n";
        const std::string point_id = short_id(point);
        for (std::int64_t r = 0; r < plan_.replicates; ++r) {
          SweepMember m;
          m.index = plan_.members.size();
          m.point_id = point_id;
          m.id = short_id(point + "seed " + std::to_string(plan_.root_seed) + "\nreplicate " +
                          std::to_string(r) + "\n");
          m.scenario = s;
          m.point = p;
          m.replicate = r;
          m.seed = sim::member_seed(static_cast<std::uint64_t>(plan_.root_seed),
                                    static_cast<std::uint64_t>(r));
          plan_.members.push_back(std::move(m));
        }
      }
    }
  }

  YamlSource source_;
  fs::path base_;
  SweepPlan plan_;
  std::vector<std::string> scenario_texts_;
  std::vector<std::string> set_canonical_;
  std::vector<YAML::Node> set_key_nodes_;
  std::optional<YAML::Node> replicates_node_;
};

}  // namespace

std::vector<std::string> SweepPlan::overrides(const SweepMember& member) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : sets) out.push_back(key + "=" + value);
  const SweepPoint& point = points[member.point];
  for (std::size_t j = 0; j < parameters.size(); ++j) {
    out.push_back(parameters[j].key_path + "=" + value_text(j, point.values[j]));
  }
  return out;
}

std::string SweepPlan::value_text(std::size_t parameter, double value) const {
  if (parameters[parameter].integer) return std::to_string(std::llround(value));
  return number_text(value);
}

SweepPlan load_sweep_text(const std::string& text, const std::string& display,
                          const std::string& base_dir) {
  return SweepLoader(display, base_dir).load(text);
}

SweepPlan load_sweep(const std::string& path) {
  const auto text = sim::read_text_file(path, kKind);
  if (!text) throw InputError(kKind, {path, 0, 0}, "", "cannot read sweep file");
  return load_sweep_text(*text, path, fs::path(path).parent_path().string());
}

}  // namespace app
