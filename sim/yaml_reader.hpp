// Strict YAML input over yaml-cpp: located errors, duplicate keys, typed scalars, size limits.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/error.hpp"
#include "sim/year_month.hpp"

namespace sim {

// Bounds that keep hostile input from exhausting memory, stack or time. Scenario files are a few
// KiB and a handful of levels deep, so these are far above any honest use.
struct YamlLimits {
  std::size_t max_bytes = std::size_t{1} << 20;
  int max_depth = 32;
  // Counted with aliases expanded, which stops "billion laughs" documents before anyone walks
  // them.
  std::size_t max_nodes = 100000;
  // Scalar bytes, also counted with aliases expanded: a few aliases of one long scalar stay
  // under the node count but would become gigabytes when a value is written back out.
  std::size_t max_expanded_bytes = std::size_t{4} << 20;
};

// Longest piece of a value quoted back in "(got ...)"; the rest is cut to keep messages readable.
constexpr std::size_t kMaxGotLength = 60;

// Where YAML text came from; turns yaml-cpp's 0-based marks into 1-based locations.
struct YamlSource {
  std::string file;  // name in messages: a path, or "--set"
  InputKind kind = InputKind::kScenario;
  // When > 0, every location is on this line: a `--set` value is one line of its own, and the
  // user knows it by the option's index, not by a line of a file.
  int fixed_line = 0;
  // Added to every column: where a `--set` value starts within its option.
  int column_offset = 0;

  SourceLocation at(const YAML::Mark& mark) const;
  SourceLocation at(const YAML::Node& node) const;

  // Throws InputError at `node`, with the node as written for the "got" part.
  [[noreturn]] void fail(const YAML::Node& node, const std::string& key_path,
                         const std::string& reason) const;
  [[noreturn]] void fail(const YAML::Node& node, const std::string& key_path,
                         const std::string& reason, const std::string& got) const;
};

// Joins a key path and one more key: ("technology", "cost_growth") -> "technology.cost_growth".
std::string join_key_path(const std::string& prefix, const std::string& key);

// Reads a whole file; empty when it cannot be read. Throws InputError (located at `path` as
// given) when it is larger than limits.max_bytes, so /dev/zero cannot fill memory, and when it
// lies outside the directories sim::confine_input_files allows.
std::optional<std::string> read_text_file(const std::string& path, InputKind kind,
                                          const YamlLimits& limits = {});

// Parses exactly one YAML document (empty text gives a null node). Syntax errors, a second
// document, text that is not UTF-8, and text beyond the limits of size, depth, node count or
// expanded size throw InputError located in `source`.
YAML::Node parse_yaml(const std::string& text, const YamlSource& source,
                      const YamlLimits& limits = {});

// The node as written, for "(got ...)": the scalar text (quoted when it was quoted in the file,
// newlines escaped, cut to kMaxGotLength), or "null", "a mapping", "a list".
std::string describe_node(const YAML::Node& node);

// The text of a mapping key; a key that is not a scalar throws "expected a key name".
std::string key_name(const YAML::Node& key, const YamlSource& source,
                     const std::string& key_prefix);

// Throws "duplicate key (first at line N)" at the second occurrence of a key in `map` (one
// level only); yaml-cpp keeps both entries, so without this the last one would silently win.
// Keys that are not scalars are left to key_name.
void check_unique_keys(const YAML::Node& map, const YamlSource& source,
                       const std::string& key_prefix);

// Typed scalars. Each throws InputError located at the node, with `key_path`, when the node does
// not hold the type: "expected a number", "must be finite" (NaN and infinities), "expected an
// integer", "expected true or false", "expected a date YYYY-MM", "expected a list of strings",
// "expected a string". Numbers and booleans must be written plain: a quoted "2.5" is a string.
double read_double(const YAML::Node& node, const YamlSource& source, const std::string& key_path);
// Integers may be written in exponent form when exact (`4e9`), as agent counts often are.
std::int64_t read_int64(const YAML::Node& node, const YamlSource& source,
                        const std::string& key_path);
// Only true/false (any of the three YAML 1.2 casings): yes/no/on/off are too easy to misread.
bool read_bool(const YAML::Node& node, const YamlSource& source, const std::string& key_path);
// Any scalar, quoted or not; a null (`key:` with nothing after it) reads as the empty string.
std::string read_string(const YAML::Node& node, const YamlSource& source,
                        const std::string& key_path);
YearMonth read_year_month(const YAML::Node& node, const YamlSource& source,
                          const std::string& key_path);
// A block or flow sequence of scalars; a null reads as the empty list.
std::vector<std::string> read_string_list(const YAML::Node& node, const YamlSource& source,
                                          const std::string& key_path);

// The same as overloads on the target, for visitors over typed fields.
void read_value(const YAML::Node& node, const YamlSource& source, const std::string& key_path,
                double& out);
void read_value(const YAML::Node& node, const YamlSource& source, const std::string& key_path,
                std::int64_t& out);
void read_value(const YAML::Node& node, const YamlSource& source, const std::string& key_path,
                bool& out);
void read_value(const YAML::Node& node, const YamlSource& source, const std::string& key_path,
                std::string& out);
void read_value(const YAML::Node& node, const YamlSource& source, const std::string& key_path,
                YearMonth& out);
void read_value(const YAML::Node& node, const YamlSource& source, const std::string& key_path,
                std::vector<std::string>& out);

}  // namespace sim
