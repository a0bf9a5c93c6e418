#include "app/calibration_file.hpp"

#include "sim/error.hpp"

namespace app {

CalibrationFile read_calibration_file(const std::string& path) {
  CalibrationFile f{{path, sim::InputKind::kScenario}, {}, {}};
  const auto text = sim::read_text_file(path, sim::InputKind::kScenario);
  if (!text) {
    throw sim::InputError(sim::InputKind::kScenario, {path, 0, 0}, "",
                          "cannot read calibration file");
  }
  f.text = *text;
  f.root = sim::parse_yaml(f.text, f.source);
  if (!f.root.IsMap()) f.source.fail(f.root, "", "expected a mapping");
  sim::check_unique_keys(f.root, f.source, "");
  return f;
}

}  // namespace app
