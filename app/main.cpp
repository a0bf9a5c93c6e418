// Entry point of the aidivide command: dispatches to subcommands, prints bad input, sets exit
// codes.
#include <cstring>
#include <iostream>
#include <string>

#include "app/commands.hpp"

namespace {

constexpr const char* kUsage = R"(aidivide: agent-based simulator of the global AI divide

usage: aidivide <command> [options]    (aidivide <command> --help for each)

commands:
  run SCENARIO.yaml      run a scenario into an HDF5 file
  validate SCENARIO.yaml check a scenario as a run would; writes nothing
  params                 print every parameter with its default, unit, range and source
  info RUN.h5            scenario, seed, status, records and variables of a run
  diff A.h5 B.h5         exit 0 when two runs hold identical data
  facts RUN.h5...        the stylised facts SF1-SF19 over replicate runs
  calibrate CONFIG.yaml  fit the target-class knobs to the facts
  sweep SWEEP.yaml       run a sweep's members into -o DIR (one process, mpirun, --shard)
  merge DIR              build DIR/ensemble.h5 and DIR/ensemble_stats.h5 from a sweep
  compare RUN.h5...      divide indices of scenarios and paired differences from the first
  recover OUT.h5.part    make a readable OUT.h5 from a killed run's records
  resume CHECKPOINT      continue a stopped or killed run from its checkpoint
  serve                  the policy explorer in a browser (http://127.0.0.1:8050/)
  --version              print the version
)";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << kUsage;
    return app::kExitBadInput;
  }
  const std::string command = argv[1];
  if (command == "--version" || command == "version") {
    std::cout << "aidivide " << AIDIVIDE_VERSION << "\n";
    return app::kExitOk;
  }
  if (command == "--help" || command == "-h" || command == "help") {
    std::cout << kUsage;
    return app::kExitOk;
  }
  if (command == "run") return app::cmd_run(argc - 1, argv + 1);
  if (command == "validate") return app::cmd_validate(argc - 1, argv + 1);
  if (command == "params") return app::cmd_params(argc - 1, argv + 1);
  if (command == "info") return app::cmd_info(argc - 1, argv + 1);
  if (command == "diff") return app::cmd_diff(argc - 1, argv + 1);
  if (command == "facts") return app::cmd_facts(argc - 1, argv + 1);
  if (command == "calibrate") return app::cmd_calibrate(argc - 1, argv + 1);
  if (command == "sweep") return app::cmd_sweep(argc - 1, argv + 1);
  if (command == "merge") return app::cmd_merge(argc - 1, argv + 1);
  if (command == "compare") return app::cmd_compare(argc - 1, argv + 1);
  if (command == "recover") return app::cmd_recover(argc - 1, argv + 1);
  if (command == "resume") return app::cmd_resume(argc - 1, argv + 1);
  if (command == "serve") return app::cmd_serve(argc - 1, argv + 1);
  std::cerr << "aidivide: unknown command '" << command << "'\n" << kUsage;
  return app::kExitBadInput;
}
