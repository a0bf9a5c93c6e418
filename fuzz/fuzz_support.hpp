// What the fuzz targets share: the input sandbox over the repository's scenarios and data, and
// the rule that bad input may only ever surface as sim::InputError.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "sim/input_sandbox.hpp"

namespace fuzz {

inline const std::string kScenarioDir = AIDIVIDE_SOURCE_DIR "/scenarios";
inline const std::string kDataDir = AIDIVIDE_SOURCE_DIR "/data";

// Paths in the input (`extends:`, a sweep's scenarios, `data.dir`) may only reach the
// repository's scenarios and data, never the machine's other files, FIFOs or devices.
inline void confine_to_repository() { sim::confine_input_files({kScenarioDir, kDataDir}); }

inline std::string as_text(const std::uint8_t* data, std::size_t size) {
  return std::string(reinterpret_cast<const char*>(data), size);
}

}  // namespace fuzz
