// Sweep files: scenarios x design points x replicates, checked up front, as an ordered member list
// (the loader is ensemble/sweep_loader.hpp).
#include "ensemble/sweep_plan.hpp"

#include <cmath>
#include <filesystem>

#include "ensemble/sweep_loader.hpp"
#include "sim/yaml_reader.hpp"

namespace app {

using sim::InputError;
using sweep_load::kKind;
using sweep_load::number_text;
using sweep_load::SweepLoader;
namespace fs = std::filesystem;

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
