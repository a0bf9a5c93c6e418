// Fuzz target: scenario text through every check `aidivide validate` makes before tick 0.
#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "fuzz/fuzz_support.hpp"
#include "run/run_request.hpp"
#include "sim/error.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  fuzz::confine_to_repository();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  app::RunRequest request;
  // A file in scenarios/, so that `extends: baseline.yaml` reaches the real scenarios.
  request.scenario_path = fuzz::kScenarioDir + "/fuzz_input.yaml";
  request.scenario_text = fuzz::as_text(data, size);
  // Only its directory is checked; nothing is written.
  request.output = (std::filesystem::temp_directory_path() / "aidivide_fuzz.h5").string();
  try {
    app::prepare_run(request);
  } catch (const sim::InputError&) {
    // The expected outcome for most inputs; anything else escapes and is reported as a crash.
  }
  return 0;
}
