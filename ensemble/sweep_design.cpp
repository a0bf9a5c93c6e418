// A sweep's design: grid, Latin hypercube or table, checked against parameter ranges and size
// limits before its points are generated.
#include "ensemble/sweep_loader.hpp"

namespace app::sweep_load {

// ------------------------------------------------------------ designs
void SweepLoader::read_design(const YAML::Node& node) {
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
      throw InputError(kKind, source_.at(entry.first), path, unknown_key_reason(key, kDesignKeys));
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

YAML::Node SweepLoader::required(const YAML::Node& parent, const std::optional<YAML::Node>& node,
                                 const std::string& key_path) const {
  if (!node) source_.fail(parent, key_path, "missing", "");
  return *node;
}

double SweepLoader::read_param_value(const YAML::Node& node, const models::ParamField& field,
                                     const std::string& path) const {
  const double v = field.type == "integer"
                       ? static_cast<double>(sim::read_int64(node, source_, path))
                       : sim::read_double(node, source_, path);
  if (!in_range(v, field.meta)) source_.fail(node, path, "out of range " + range_text(field));
  return v;
}

// Reads `design.parameters` (grid or Latin hypercube), filling plan_.parameters.
std::vector<SweepLoader::RangeSpec> SweepLoader::read_parameter_specs(const YAML::Node& node,
                                                                      bool grid) {
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

void SweepLoader::read_grid(const YAML::Node& node) {
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

void SweepLoader::read_latin_hypercube(const YAML::Node& node, const YAML::Node& points_node,
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

void SweepLoader::read_table(const YAML::Node& file_node,
                             const std::optional<YAML::Node>& columns_node) {
  const std::string given = sim::read_string(file_node, source_, "design.file");
  if (given.empty()) source_.fail(file_node, "design.file", "expected a CSV file name");
  const fs::path resolved =
      fs::path(given).is_absolute() ? fs::path(given) : (base_ / given).lexically_normal();
  const std::string display = resolved.string();
  std::error_code ec;
  if (!fs::is_regular_file(resolved, ec)) {
    source_.fail(file_node, "design.file", "cannot read design table " + display);
  }
  const sim::CsvTable table = sim::parse_csv(sim::read_input_file(display, kKind), display, kKind);
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
void SweepLoader::check_design_size(std::size_t points, std::size_t parameters,
                                    const YAML::Node& node, const std::string& key_path) const {
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

void SweepLoader::add_point(const std::vector<double>& values, const std::string& label) {
  SweepPoint point{values, {}, label};
  for (const SweepParameter& p : plan_.parameters) point.where.push_back(p.where);
  plan_.points.push_back(std::move(point));
}

}  // namespace app::sweep_load
