// The ABC-SMC settings of a calibration file: its knobs and facts (the `blocks:` shared with the
// Nelder-Mead method), the priors and the sampler's `abc_smc:` section.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "calibration/abc_smc.hpp"
#include "calibration/prior.hpp"

namespace app {

struct AbcConfig {
  std::string path;
  std::string text;      // the file's bytes: a restart refuses a directory made by another config
  std::string scenario;  // resolved against the file's directory
  std::int64_t seed = 1, replicates = 3;
  std::vector<std::string> sets;   // key=value
  std::vector<std::string> facts;  // target facts of every block, in block order
  calibration::Prior prior;        // one dimension per knob, in block order
  calibration::AbcSettings settings;
  std::size_t draws = 20;  // equal-weight draws written for the posterior predictive sweep
};

// Throws sim::InputError located in the file for anything wrong, as `aidivide calibrate` does.
AbcConfig load_abc_config(const std::string& path);

}  // namespace app
