// Metadata of one parameter: unit, valid range, source tag and meaning, kept next to its default.
#pragma once

#include <limits>

namespace sim {

struct FieldMeta {
  const char* unit = "1";
  double min = -std::numeric_limits<double>::infinity();
  double max = std::numeric_limits<double>::infinity();
  // [V] published figure, [D] derived, [A] assumption (a calibration or sensitivity knob), or a
  // short source.
  const char* tag = "[A]";
  const char* doc = "";
};

}  // namespace sim
