// Scenario loading: defaults in code, `extends:` chains, strict YAML overrides, `--set` overrides.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "models/params.hpp"
#include "sim/error.hpp"

namespace models {

struct Scenario {
  Params params;
  std::string name;       // file stem of the scenario, e.g. "baseline"
  std::string path;       // path as given
  std::string yaml_text;  // text of the scenario file itself (unresolved)
  // Where each key path was last set (file:line:col), for errors found after loading.
  std::map<std::string, sim::SourceLocation> locations;
  std::vector<std::string> warnings;
  // Every file applied, in the order applied: the root of the `extends:` chain first, the
  // scenario file itself last.
  std::vector<std::string> files;
  // The informative `name:` and `description:` keys (the nearest file that sets them wins).
  std::string title;
  std::string description;
  // The `policies:` list as YAML ("[]" when empty, "" when absent); non-empty lists are rejected
  // until policies are implemented.
  std::string policies_yaml;

  // Location of a key path, or the scenario file itself when the key came from defaults.
  sim::SourceLocation where(const std::string& key_path) const;
};

// Loads `path` (and what it extends) over the defaults, then applies `set_overrides`, each
// `key.path=value` in YAML syntax. Throws sim::InputError on any bad input.
Scenario load_scenario(const std::string& path, const std::vector<std::string>& set_overrides = {});

// The same from text, for tests; `display_name` stands for the file in messages and `base_dir`
// resolves `extends:`.
Scenario load_scenario_text(const std::string& text, const std::string& display_name,
                            const std::string& base_dir = ".",
                            const std::vector<std::string>& set_overrides = {});

// The defaults with `set_overrides` applied and checked, for commands run without a file.
Scenario default_scenario(const std::vector<std::string>& set_overrides = {});

// The checks that involve several fields (time.end after time.start, ...), located where the
// offending key was set. load_scenario runs them; callers that edit params run them again.
void check_scenario(const Scenario& scenario);

// The resolved parameters as YAML (every field, in tree order), the `parameters_yaml` attribute.
std::string params_to_yaml(const Params& params);
// The parameter reference as a Markdown table (path, default, unit, range, source, meaning).
std::string params_to_markdown(const Params& params);

// One field of the parameter tree, described for listings, suggestions and printing.
struct ParamField {
  std::string section;     // "technology"
  std::string name;        // "cost_growth"
  std::string key_path;    // "technology.cost_growth"
  std::string type;        // "number", "integer", "bool", "string", "date" or "list"
  std::string value_yaml;  // the value in `params`, as params_to_yaml writes it
  sim::FieldMeta meta;
};

// Every field of the tree in tree order, with its value in `params`.
std::vector<ParamField> list_param_fields(const Params& params);

// The valid range of a field as written in messages and tables: "[1, 10]", "[2023-01, 2100-12]"
// for dates, or "" when the field has none (strings, lists and booleans, whose min and max are 0).
std::string format_param_range(const sim::FieldMeta& meta, std::string_view type);

// A double in its shortest form that reads back to the same value, always with a '.' or an
// exponent so that YAML 1.1 readers also see a float ("3.0", "2.0e-08").
std::string format_yaml_double(double value);

// What replaced a key that model v2 removed ("removed in model v2 (M1): ..."), or "" for any
// other key path.
std::string removed_key_reason(const std::string& key_path);

}  // namespace models
