// Scenario loading: extends chains, strict field overrides, --set overrides and cross-field checks.
#include "models/scenario.hpp"

#include <charconv>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <system_error>
#include <tuple>
#include <utility>

#include "sim/did_you_mean.hpp"
#include "sim/yaml_reader.hpp"

namespace models {

namespace {

namespace fs = std::filesystem;
using sim::InputError;
using sim::InputKind;
using sim::YamlSource;

constexpr InputKind kKind = InputKind::kScenario;
constexpr const char* kExtendsKey = "extends";
constexpr const char* kPoliciesKey = "policies";
constexpr const char* kNameKey = "name";
constexpr const char* kDescriptionKey = "description";
constexpr const char* kSetFile = "--set";
// A longer chain is almost surely a generated loop through distinct paths (a/../a/...), not a
// real hierarchy of scenarios.
constexpr std::size_t kMaxExtendsChain = 32;

// The tree's names, built once, for lookups and suggestions.
struct FieldIndex {
  std::vector<std::string> top_level_keys;  // sections, then the special keys
  std::vector<std::string> paths;           // every field's key path, in tree order
  std::vector<std::string> leaves;          // the field name of each path
  std::map<std::string, std::vector<std::string>> fields_by_section;
  std::set<std::string> path_set;
};

const FieldIndex& field_index() {
  static const FieldIndex index = [] {
    FieldIndex built;
    for (const ParamField& field : list_param_fields(Params{})) {
      auto& fields = built.fields_by_section[field.section];
      if (fields.empty()) built.top_level_keys.push_back(field.section);
      fields.push_back(field.name);
      built.paths.push_back(field.key_path);
      built.leaves.push_back(field.name);
      built.path_set.insert(field.key_path);
    }
    for (const char* key : {kExtendsKey, kPoliciesKey, kNameKey, kDescriptionKey}) {
      built.top_level_keys.push_back(key);
    }
    return built;
  }();
  return index;
}

bool is_section(const std::string& name) { return field_index().fields_by_section.count(name) > 0; }

// " (did you mean 'technology.cost_growth'?)" for an unknown key, or "". Siblings first, since a
// typo usually stays in its mapping; then every full path, comparing both the whole path (a key
// in the wrong place or written dotted) and the field name alone (a field under the wrong section).
std::string did_you_mean_suffix(const std::string& section, const std::string& key) {
  const FieldIndex& index = field_index();
  std::optional<std::string> hint;
  if (section.empty()) {
    hint = sim::did_you_mean(key, index.top_level_keys);
  } else if (const auto it = index.fields_by_section.find(section);
             it != index.fields_by_section.end()) {
    if (const auto field = sim::did_you_mean(key, it->second)) hint = section + "." + *field;
  }
  if (!hint) {
    const std::string full = sim::join_key_path(section, key);
    const std::size_t dot = full.rfind('.');
    const std::string leaf = dot == std::string::npos ? full : full.substr(dot + 1);
    const auto by_path = sim::nearest_candidate(full, index.paths);
    const auto by_leaf = sim::nearest_candidate(leaf, index.leaves);
    if (by_path && by_leaf) {
      const std::size_t path_distance = sim::edit_distance(full, index.paths[*by_path]);
      const std::size_t leaf_distance = sim::edit_distance(leaf, index.leaves[*by_leaf]);
      hint = index.paths[leaf_distance < path_distance ? *by_leaf : *by_path];
    } else if (by_path) {
      hint = index.paths[*by_path];
    } else if (by_leaf) {
      hint = index.paths[*by_leaf];
    }
  }
  return hint ? " (did you mean '" + *hint + "'?)" : std::string();
}

// Keys that model v2 removed, with what replaced them (MODEL.md section 9), so that an old
// scenario fails with the change rather than a bare "unknown key".
const std::map<std::string, std::string>& removed_keys() {
  static const std::map<std::string, std::string> kRemoved = {
      {"capital.cloud_access",
       "removed in model v2 (M6): cloud compute is rented at a price, see capital.cloud_share and "
       "capital.cloud_markup"},
      {"firms.finetune_gain",
       "removed in model v2 (M4): open-weight language fit moves by local adaptation, see "
       "technology.open_adapt_rate"},
      {"technology.open_lag0_months",
       "removed in model v2 (M5): the open lag is per originating bloc, see "
       "technology.open_lag0_us_months and technology.open_lag0_extra_months"},
      {"capital.inference_demand_growth",
       "moved in model v2 (M2, M6) to workers.inference_demand_growth: the growth of tokens per "
       "heavy user, which sets both the price of heavy use and the compute need k_need"},
      // Demand side (M1): use is free at the point of use, no innovation term after 2023-01.
      {"workers.p_use",
       "removed in model v2 (M1): no innovation term after 2023-01; use spreads by local and "
       "global imitation among the online (workers.q_local, workers.q_global)"},
      {"workers.q_use",
       "removed in model v2 (M1): imitation is split into workers.q_local (the country's online) "
       "and workers.q_global (the world's online)"},
  };
  return kRemoved;
}

std::string unknown_key_reason(const std::string& section, const std::string& key) {
  const std::string removed = removed_key_reason(sim::join_key_path(section, key));
  return removed.empty() ? "unknown key" + did_you_mean_suffix(section, key) : removed;
}

// Shortest text of a number for the "got" part of cross-field errors.
std::string format_number(double v) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
  return std::string(buffer, result.ptr);
}

// Text echoed from the command line, cut like values from files.
std::string cut(const std::string& s) {
  return s.size() <= sim::kMaxGotLength ? s : s.substr(0, sim::kMaxGotLength) + "...";
}

// Reads one YAML value into the field `section.field` when it exists, checking its range.
class FieldAssigner {
 public:
  // `key` locates errors about an empty value: yaml-cpp marks an implicit null (`key:` and
  // nothing more) at whatever token follows it, often the next line's key.
  FieldAssigner(std::string section, std::string field, const YAML::Node& key,
                const YAML::Node& value, const YamlSource& source, std::string key_path)
      : section_(std::move(section)),
        field_(std::move(field)),
        key_(key),
        value_(value),
        source_(source),
        key_path_(std::move(key_path)) {}

  bool found() const { return found_; }

  template <class S>
  void section(const char* name, S& sub) {
    if (!found_ && section_ == name) sub.visit(*this);
  }

  template <class T>
  void operator()(const char* name, T& target, const FieldMeta& meta) {
    if (found_ || field_ != name) return;
    found_ = true;
    T value{};
    try {
      sim::read_value(value_, source_, key_path_, value);
    } catch (const InputError& e) {
      if (!value_.IsNull() || !key_.IsDefined()) throw;
      throw InputError(e.kind(), source_.at(key_), e.key_path(), e.reason(), e.got());
    }
    check_range(value, meta);
    target = std::move(value);
  }

 private:
  static bool has_range(const FieldMeta& meta) { return !(meta.min == 0 && meta.max == 0); }

  void out_of_range(const FieldMeta& meta, std::string_view type) const {
    source_.fail(value_, key_path_, "out of range " + format_param_range(meta, type));
  }

  void check_range(double v, const FieldMeta& meta) const {
    if (has_range(meta) && !(v >= meta.min && v <= meta.max)) out_of_range(meta, "number");
  }
  void check_range(std::int64_t v, const FieldMeta& meta) const {
    const double d = static_cast<double>(v);
    if (has_range(meta) && !(d >= meta.min && d <= meta.max)) out_of_range(meta, "integer");
  }
  // The range of a date field bounds its year.
  void check_range(const YearMonth& v, const FieldMeta& meta) const {
    if (has_range(meta) && !(v.year >= meta.min && v.year <= meta.max)) out_of_range(meta, "date");
  }
  void check_range(bool, const FieldMeta&) const {}
  void check_range(const std::string&, const FieldMeta&) const {}
  void check_range(const StringList&, const FieldMeta&) const {}

  std::string section_;
  std::string field_;
  YAML::Node key_;  // a copy of the handle: --set passes a temporary
  const YAML::Node& value_;
  const YamlSource& source_;
  std::string key_path_;
  bool found_ = false;
};

std::string identity_of(const fs::path& path) {
  std::error_code ec;
  const fs::path canonical = fs::weakly_canonical(path, ec);
  return ec ? path.lexically_normal().string() : canonical.string();
}

// Where a mapping entry's value is: the key when the value is an implicit null, whose mark
// yaml-cpp puts at the following token.
sim::SourceLocation value_location(const YAML::Node& key, const YAML::Node& value,
                                   const YamlSource& source) {
  return source.at(value.IsNull() ? key : value);
}

class ScenarioLoader {
 public:
  explicit ScenarioLoader(Scenario& scenario) : scenario_(scenario) {}

  // Applies one scenario file: first the file it extends (recursively), then its own keys.
  void apply_file(const std::string& text, const std::string& display, const fs::path& base_dir,
                  const std::string& identity) {
    chain_.push_back({identity, display});
    const YamlSource source{display, kKind};
    const YAML::Node root = sim::parse_yaml(text, source);
    if (!root.IsNull()) {
      if (!root.IsMap()) source.fail(root, "", "expected a mapping");
      sim::check_unique_keys(root, source, "");
      // The base goes first wherever `extends:` sits in the file, so the file's keys override it.
      for (const auto& entry : root) {
        if (sim::key_name(entry.first, source, "") == kExtendsKey) {
          apply_extends(entry.first, entry.second, source, base_dir);
        }
      }
      for (const auto& entry : root) apply_top_level(entry.first, entry.second, source);
    }
    scenario_.files.push_back(display);
    chain_.pop_back();
  }

  void apply_sets(const std::vector<std::string>& sets) {
    const FieldIndex& index = field_index();
    for (std::size_t i = 0; i < sets.size(); ++i) {
      const std::string& arg = sets[i];
      const int line = static_cast<int>(i) + 1;
      const std::size_t eq = arg.find('=');
      if (eq == std::string::npos) {
        throw InputError(kKind, {kSetFile, line, 1}, "", "expected key.path=value", cut(arg));
      }
      const std::string key = arg.substr(0, eq);
      const std::size_t dot = key.find('.');
      const std::string section = dot == std::string::npos ? std::string() : key.substr(0, dot);
      const std::string field = dot == std::string::npos ? key : key.substr(dot + 1);
      if (index.path_set.count(key) == 0) {
        throw InputError(kKind, {kSetFile, line, 1}, cut(key), unknown_key_reason(section, field));
      }
      const YamlSource source{kSetFile, kKind, line, static_cast<int>(eq) + 1};
      const YAML::Node value = sim::parse_yaml(arg.substr(eq + 1), source);
      FieldAssigner assigner(section, field, YAML::Node(YAML::NodeType::Undefined), value, source,
                             key);
      scenario_.params.visit(assigner);
      scenario_.locations[key] = source.at(value);
    }
  }

 private:
  struct Frame {
    std::string identity;
    std::string display;
  };

  void apply_extends(const YAML::Node& key, const YAML::Node& value, const YamlSource& source,
                     const fs::path& base_dir) {
    const std::string target = sim::read_string(value, source, kExtendsKey);
    if (target.empty()) source.fail(key, kExtendsKey, "expected a scenario file name", "");
    const fs::path resolved = (base_dir / target).lexically_normal();
    const std::string display = resolved.string();
    const std::string identity = identity_of(resolved);
    for (std::size_t k = 0; k < chain_.size(); ++k) {
      if (chain_[k].identity != identity) continue;
      std::string cycle;
      for (std::size_t j = k; j < chain_.size(); ++j) cycle += chain_[j].display + " -> ";
      source.fail(value, kExtendsKey, "extends cycle: " + cycle + display);
    }
    if (chain_.size() >= kMaxExtendsChain) {
      source.fail(value, kExtendsKey,
                  "extends chain longer than " + std::to_string(kMaxExtendsChain) + " files");
    }
    // A FIFO or a device (/dev/stdin, /dev/zero) would block or stream without end: a file
    // that travels with scenarios can only name other scenario files.
    std::error_code ec;
    if (fs::exists(resolved, ec) && !fs::is_regular_file(resolved, ec)) {
      source.fail(value, kExtendsKey, "not a regular file: " + display);
    }
    const auto text = sim::read_text_file(display, kKind);
    if (!text) source.fail(value, kExtendsKey, "cannot read scenario file " + display);
    apply_file(*text, display, resolved.parent_path(), identity);
    // Recorded after the base so that this file, not the base, is where `extends` was last set.
    scenario_.locations[kExtendsKey] = source.at(value);  // not null: target is not empty
  }

  void apply_top_level(const YAML::Node& key, const YAML::Node& value, const YamlSource& source) {
    const std::string name = sim::key_name(key, source, "");
    if (name == kExtendsKey) return;  // applied first
    if (name == kPoliciesKey) {
      apply_policies(key, value, source);
    } else if (name == kNameKey) {
      scenario_.title = sim::read_string(value, source, name);
    } else if (name == kDescriptionKey) {
      scenario_.description = sim::read_string(value, source, name);
    } else if (is_section(name)) {
      apply_section(name, value, source);
      return;  // the fields record their own locations
    } else {
      throw InputError(kKind, source.at(key), name, unknown_key_reason("", name));
    }
    scenario_.locations[name] = value_location(key, value, source);
  }

  void apply_policies(const YAML::Node& key, const YAML::Node& value, const YamlSource& source) {
    (void)key;
    // A file's list replaces the one it extends, as any key does: the nearest file wins.
    for (auto it = scenario_.locations.begin(); it != scenario_.locations.end();) {
      it = it->first.rfind("policies[", 0) == 0 ? scenario_.locations.erase(it) : std::next(it);
    }
    scenario_.params.policies = parse_policies(value, source, scenario_.locations);
    scenario_.policies_yaml = scenario_.params.policies.empty() ? "[]" : YAML::Dump(value);
    // Levers start in 2026-01 or later so that every scenario shares the calibrated history.
    for (const PolicyEntry& e : scenario_.params.policies) {
      if (e.start < YearMonth{2026, 1}) {
        const sim::SourceLocation at = scenario_.where(e.key_path + ".start");
        scenario_.warnings.push_back(at.file + ":" + std::to_string(at.line) + ":" +
                                     std::to_string(at.column) + ": " + e.key_path +
                                     ".start: before 2026-01, so it changes the shared history (" +
                                     e.start.str() + ")");
      }
    }
  }

  void apply_section(const std::string& section, const YAML::Node& value,
                     const YamlSource& source) {
    // A section whose fields are all commented out is null; it changes nothing.
    if (value.IsNull()) return;
    if (!value.IsMap()) source.fail(value, section, "expected a mapping");
    sim::check_unique_keys(value, source, section);
    for (const auto& entry : value) {
      const std::string field = sim::key_name(entry.first, source, section);
      const std::string key_path = section + "." + field;
      FieldAssigner assigner(section, field, entry.first, entry.second, source, key_path);
      scenario_.params.visit(assigner);
      if (!assigner.found()) {
        throw InputError(kKind, source.at(entry.first), key_path,
                         unknown_key_reason(section, field));
      }
      scenario_.locations[key_path] = value_location(entry.first, entry.second, source);
    }
  }

  Scenario& scenario_;
  std::vector<Frame> chain_;
};

[[noreturn]] void fail_at(const Scenario& scenario, const std::string& key_path,
                          const std::string& reason, const std::string& got) {
  throw InputError(kKind, scenario.where(key_path), key_path, reason, got);
}

// Order in which a location was applied: files in the order of Scenario::files, then the --set
// options by index, then document order within each.
std::tuple<std::size_t, int, int> set_order(const Scenario& scenario,
                                            const sim::SourceLocation& where) {
  std::size_t rank = 0;
  if (where.file == kSetFile) {
    rank = scenario.files.size() + 1;
  } else {
    for (std::size_t k = 0; k < scenario.files.size(); ++k) {
      if (scenario.files[k] == where.file) rank = k + 1;
    }
  }
  return {rank, where.line, where.column};
}

// Which of two related keys to blame: the one set last, as the user's latest change is the one
// that broke the pair, and a key left at its default cannot be the mistake; `second`, the
// dependent one, when neither was set.
bool blame_first(const Scenario& scenario, const std::string& first, const std::string& second) {
  const auto a = scenario.locations.find(first);
  const auto b = scenario.locations.find(second);
  if (a == scenario.locations.end()) return false;
  if (b == scenario.locations.end()) return true;
  return set_order(scenario, a->second) > set_order(scenario, b->second);
}

bool is_iso3(const std::string& code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (c < 'A' || c > 'Z') return false;
  }
  return true;
}

}  // namespace

sim::SourceLocation Scenario::where(const std::string& key_path) const {
  const auto it = locations.find(key_path);
  if (it != locations.end()) return it->second;
  return {path, 0, 0};
}

void check_scenario(const Scenario& scenario) {
  const Params& p = scenario.params;

  if (p.time.end < p.time.start) {
    if (blame_first(scenario, "time.start", "time.end")) {
      fail_at(scenario, "time.start", "must not be after time.end = " + p.time.end.str(),
              p.time.start.str());
    }
    fail_at(scenario, "time.end", "must not be before time.start = " + p.time.start.str(),
            p.time.end.str());
  }

  if (p.output.dtype != "float64" && p.output.dtype != "float32") {
    fail_at(scenario, "output.dtype", "expected float64 or float32", cut(p.output.dtype));
  }
  if (p.output.chunk_records < 1) {
    fail_at(scenario, "output.chunk_records", "must be at least 1",
            std::to_string(p.output.chunk_records));
  }

  // One firm per size class at least, or a class of some country would have no agent at all.
  if (p.population.min_firms_per_country < 4) {
    fail_at(scenario, "population.min_firms_per_country", "must be at least 4",
            std::to_string(p.population.min_firms_per_country));
  }
  if (p.population.workers < p.population.min_workers_per_country) {
    if (blame_first(scenario, "population.min_workers_per_country", "population.workers")) {
      fail_at(scenario, "population.min_workers_per_country",
              "must not exceed population.workers = " + std::to_string(p.population.workers),
              std::to_string(p.population.min_workers_per_country));
    }
    fail_at(scenario, "population.workers",
            "must be at least population.min_workers_per_country = " +
                std::to_string(p.population.min_workers_per_country),
            std::to_string(p.population.workers));
  }
  // Whether a code names an economy of the data is checked against the data, later.
  std::set<std::string> seen;
  for (const std::string& code : p.population.countries) {
    if (!is_iso3(code)) {
      fail_at(scenario, "population.countries", "expected ISO3 codes (three uppercase letters)",
              cut(code));
    }
    if (!seen.insert(code).second) {
      fail_at(scenario, "population.countries", "lists a country twice", code);
    }
  }

  check_policy_dates(scenario);

  if (!(p.firms.readiness_width > 0)) {
    fail_at(scenario, "firms.readiness_width", "must be greater than 0",
            format_number(p.firms.readiness_width));
  }

  const double share_2023 = p.technology.synthetic_share_2023;
  const double share_2035 = p.technology.synthetic_share_2035;
  if (!(share_2035 > share_2023)) {
    if (blame_first(scenario, "technology.synthetic_share_2023",
                    "technology.synthetic_share_2035")) {
      fail_at(scenario, "technology.synthetic_share_2023",
              "must be less than technology.synthetic_share_2035 = " + format_number(share_2035),
              format_number(share_2023));
    }
    fail_at(scenario, "technology.synthetic_share_2035",
            "must be greater than technology.synthetic_share_2023 = " + format_number(share_2023),
            format_number(share_2035));
  }
}

Scenario load_scenario_text(const std::string& text, const std::string& display_name,
                            const std::string& base_dir,
                            const std::vector<std::string>& set_overrides) {
  Scenario scenario;
  scenario.path = display_name;
  scenario.name = fs::path(display_name).stem().string();
  scenario.yaml_text = text;
  const fs::path base = base_dir.empty() ? fs::path(".") : fs::path(base_dir);
  ScenarioLoader loader(scenario);
  loader.apply_file(text, display_name, base,
                    identity_of(base / fs::path(display_name).filename()));
  loader.apply_sets(set_overrides);
  check_scenario(scenario);
  return scenario;
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& set_overrides) {
  const auto text = sim::read_text_file(path, kKind);
  if (!text) throw InputError(kKind, {path, 0, 0}, "", "cannot read scenario file");
  return load_scenario_text(*text, path, fs::path(path).parent_path().string(), set_overrides);
}

Scenario default_scenario(const std::vector<std::string>& set_overrides) {
  Scenario scenario;
  scenario.name = "defaults";
  ScenarioLoader loader(scenario);
  loader.apply_sets(set_overrides);
  check_scenario(scenario);
  return scenario;
}

std::string removed_key_reason(const std::string& key_path) {
  const auto it = removed_keys().find(key_path);
  return it == removed_keys().end() ? std::string() : it->second;
}

}  // namespace models
