// Fuzz target: sweep text through app::load_sweep_text, with every member checked as `aidivide
// sweep` checks it before the first member runs.
#include <cstddef>
#include <cstdint>

#include "ensemble/sweep_plan.hpp"
#include "fuzz/fuzz_support.hpp"
#include "sim/error.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::confine_to_repository();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // A file in scenarios/sweeps/, so that the committed sweeps' relative paths resolve.
  const std::string dir = fuzz::kScenarioDir + "/sweeps";
  try {
    app::load_sweep_text(fuzz::as_text(data, size), dir + "/fuzz_input.yaml", dir);
  } catch (const sim::InputError&) {
    // The expected outcome for most inputs; anything else escapes and is reported as a crash.
  }
  return 0;
}
