// A calibration file read and parsed, and the keys both calibration methods share (scenario,
// seed, replicates, set, blocks); each method reads its own settings from the same file.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <string>
#include <vector>

#include "models/scenario.hpp"
#include "sim/yaml_reader.hpp"

namespace app {

struct CalibrationFile {
  sim::YamlSource source;
  std::string text;  // the file's bytes
  YAML::Node root;   // a mapping with unique keys
};

// Throws sim::InputError when the file cannot be read, is not YAML or not a mapping, or repeats a
// key.
CalibrationFile read_calibration_file(const std::string& path);

// A knob of a block: its parameter key and searched range, with its node for located errors.
struct KnobRange {
  std::string key;
  double lo = 0, hi = 0;
  YAML::Node where;
};

struct CalibrationBlock {
  std::string name;
  std::vector<std::string> facts;
  YAML::Node facts_where;  // the `facts:` list, for errors about an id
  std::string facts_path;  // "blocks[i].facts"
  std::vector<KnobRange> knobs;
};

struct CalibrationCommon {
  std::string scenario;  // resolved against the file's directory
  std::int64_t seed = 1, replicates = 3;
  std::vector<std::string> sets;  // key=value
  std::vector<CalibrationBlock> blocks;
};

// Reads `key: v` into `c` when `key` is a shared key and returns true; false for any other key.
// Fails located in the file for a malformed value.
bool read_common_key(const CalibrationFile& file, const std::string& key, const YAML::Node& v,
                     CalibrationCommon& c);

// After every key is read: fails when `scenario` or `blocks` is missing.
void check_common(const CalibrationFile& file, const CalibrationCommon& c);

// The scenario's field that knob `k` names; fails located at the knob unless it is a numeric
// parameter whose valid range contains the searched range.
const models::ParamField& knob_field(const std::vector<models::ParamField>& fields,
                                     const KnobRange& k, const sim::YamlSource& src);

}  // namespace app
