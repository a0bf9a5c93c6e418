// A calibration file read and parsed: both calibration methods start from it.
#pragma once

#include <yaml-cpp/yaml.h>

#include <string>

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

}  // namespace app
