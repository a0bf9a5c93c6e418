#include "app/calibrate_abc_config.hpp"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "app/calibration_file.hpp"
#include "models/scenario.hpp"
#include "sim/error.hpp"
#include "sim/yaml_reader.hpp"

namespace app {

namespace {

std::size_t read_count(const YAML::Node& v, const sim::YamlSource& src, const std::string& path,
                       std::int64_t lo, std::int64_t hi) {
  const std::int64_t n = sim::read_int64(v, src, path);
  if (n < lo || n > hi) {
    src.fail(v, path, "out of range [" + std::to_string(lo) + ", " + std::to_string(hi) + "]");
  }
  return static_cast<std::size_t>(n);
}

double read_in(const YAML::Node& v, const sim::YamlSource& src, const std::string& path, double lo,
               double hi) {
  const double x = sim::read_double(v, src, path);
  if (!(x >= lo && x <= hi))
    src.fail(v, path,
             "out of range [" + models::format_yaml_double(lo) + ", " +
                 models::format_yaml_double(hi) + "]");
  return x;
}

void read_abc(const YAML::Node& v, const sim::YamlSource& src, AbcConfig& c,
              std::map<std::string, std::pair<calibration::PriorShape, YAML::Node>>& shapes,
              std::int64_t& replicates, std::vector<std::string>& sets) {
  if (!v.IsMap()) src.fail(v, "abc_smc", "expected a mapping");
  sim::check_unique_keys(v, src, "abc_smc");
  calibration::AbcSettings& s = c.settings;
  for (const auto& kv : v) {
    const std::string key = sim::key_name(kv.first, src, "abc_smc"), path = "abc_smc." + key;
    const YAML::Node& x = kv.second;
    if (key == "particles")
      s.particles = read_count(x, src, path, 2, 100000);
    else if (key == "batch")
      s.batch = read_count(x, src, path, 1, 100000);
    else if (key == "ess_fraction")
      s.ess_fraction = read_in(x, src, path, 0.05, 0.99);
    else if (key == "target_tolerance")
      s.target_tolerance = read_in(x, src, path, 0, 1e12);
    else if (key == "min_acceptance")
      s.min_acceptance = read_in(x, src, path, 0, 1);
    else if (key == "max_simulations")
      s.max_simulations = read_count(x, src, path, 0, 100000000);
    else if (key == "max_generations")
      s.max_generations = read_count(x, src, path, 1, 1000);
    else if (key == "kernel_scale")
      s.kernel_scale = read_in(x, src, path, 0.01, 100);
    else if (key == "draws")
      c.draws = read_count(x, src, path, 1, 100000);
    else if (key == "replicates")
      replicates = static_cast<std::int64_t>(read_count(x, src, path, 1, 100));
    else if (key == "set")
      sets = sim::read_string_list(x, src, path);
    else if (key == "priors") {
      if (!x.IsMap()) src.fail(x, path, "expected a mapping of key: uniform | log-uniform");
      for (const auto& p : x) {
        const std::string k = sim::key_name(p.first, src, path);
        try {
          shapes[k] = {
              calibration::parse_prior_shape(sim::read_string(p.second, src, path + "." + k)),
              p.second};
        } catch (const std::invalid_argument& e) {
          src.fail(p.second, path + "." + k, e.what(),
                   sim::read_string(p.second, src, path + "." + k));
        }
      }
    } else {
      src.fail(kv.first, path,
               "unknown key (expected particles, batch, ess_fraction, target_tolerance, "
               "min_acceptance, max_simulations, max_generations, kernel_scale, draws, replicates, "
               "set, priors)");
    }
  }
}

// `key=value` settings with every key of `overrides` replaced by (or added as) its override.
std::vector<std::string> override_sets(std::vector<std::string> sets,
                                       const std::vector<std::string>& overrides) {
  const auto key = [](const std::string& kv) { return kv.substr(0, kv.find('=')); };
  for (const std::string& o : overrides) {
    std::erase_if(sets, [&](const std::string& s) { return key(s) == key(o); });
    sets.push_back(o);
  }
  return sets;
}

}  // namespace

AbcConfig load_abc_config(const std::string& path) {
  const CalibrationFile file = read_calibration_file(path);
  const sim::YamlSource& src = file.source;
  const YAML::Node& root = file.root;
  AbcConfig c;
  c.path = path;
  c.text = file.text;
  CalibrationCommon common;
  std::map<std::string, std::pair<calibration::PriorShape, YAML::Node>> shapes;
  std::int64_t abc_replicates = 0;    // abc_smc.replicates, when given, overrides replicates
  std::vector<std::string> abc_sets;  // abc_smc.set: overrides of set's keys, or more keys
  for (const auto& kv : root) {
    const std::string key = sim::key_name(kv.first, src, "");
    const YAML::Node& v = kv.second;
    if (read_common_key(file, key, v, common)) continue;
    if (key == "abc_smc") {
      read_abc(v, src, c, shapes, abc_replicates, abc_sets);
    } else if (key != "max_evaluations" && key != "parallel") {  // Nelder-Mead's own settings
      src.fail(kv.first, key,
               "unknown key (expected scenario, seed, replicates, set, max_evaluations, "
               "parallel, blocks, abc_smc)");
    }
  }
  check_common(file, common);
  c.scenario = common.scenario;
  c.seed = common.seed;
  c.replicates = abc_replicates > 0 ? abc_replicates : common.replicates;
  c.sets = override_sets(common.sets, abc_sets);
  const models::Scenario s = models::load_scenario(c.scenario, c.sets);
  const auto fields = models::list_param_fields(s.params);
  std::vector<calibration::PriorDim> dims;
  for (const CalibrationBlock& b : common.blocks) {
    // Whether a fact has target parts is checked once the facts are built from the scenario's
    // data (calibrate_abc.cpp, target_parts).
    for (const std::string& id : b.facts) {
      if (std::find(c.facts.begin(), c.facts.end(), id) == c.facts.end()) c.facts.push_back(id);
    }
    for (const KnobRange& k : b.knobs) {
      knob_field(fields, k, src);
      calibration::PriorDim d{k.key, k.lo, k.hi, calibration::PriorShape::kUniform};
      if (const auto it = shapes.find(k.key); it != shapes.end()) {
        d.shape = it->second.first;
        if (d.shape == calibration::PriorShape::kLogUniform && !(d.lo > 0)) {
          src.fail(it->second.second, "abc_smc.priors." + k.key,
                   "a log-uniform prior needs lo > 0");
        }
        shapes.erase(it);
      }
      dims.push_back(d);
    }
  }
  if (!shapes.empty()) {
    const auto& [key, shape] = *shapes.begin();
    src.fail(shape.second, "abc_smc.priors." + key, "not a knob of any block");
  }
  c.prior = calibration::Prior(dims);
  c.settings.seed = static_cast<std::uint64_t>(c.seed);
  return c;
}

}  // namespace app
