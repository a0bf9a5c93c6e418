// `aidivide recover OUT.h5.part [-o OUT.h5]`: turns a killed run's part file into a readable file.
#include <exception>
#include <iostream>
#include <string>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "run/run_recovery.hpp"
#include "sim/error.hpp"

namespace po = boost::program_options;

namespace app {

int cmd_recover(int argc, char** argv) {
  CommandLine cli(
      "recover",
      "usage: aidivide recover OUT.h5.part [-o OUT.h5]\n\n"
      "Recovers the run a killed process (SIGKILL, power loss, wall-time limit) left in\n"
      "OUT.h5.part: writes OUT.h5 with every record up to the last flush and status\n"
      "'recovered'. The part file is not modified. Needs h5clear (Debian package hdf5-tools).\n"
      "Exit status: 0 recovered, 1 failure, 2 bad input (not a run output, a finished run,\n"
      "or the output exists).\n\n");
  std::string part, out;
  cli.options().add_options()("output,o", po::value(&out),
                              "output file (default: OUT.h5.part without .part)");
  cli.positional("OUT.h5.part", &part);
  if (const auto status = cli.parse(argc, argv)) return *status;
  if (out.empty()) out = default_recovery_output(part);
  if (out.empty()) {
    std::cerr << "aidivide: "
              << sim::format_input_error(
                     {part, 0, 0}, "", "name does not end in .part; choose the output with -o", "")
              << "\n";
    return kExitBadInput;
  }
  try {
    const RecoveryResult result = recover_run(part, out);
    std::cout << "recovered " << result.records << " records into " << out << " (status recovered"
              << (result.dropped > 0 ? ", " + std::to_string(result.dropped) +
                                           " incomplete records after the last flush left out"
                                     : std::string())
              << ")\n";
    return kExitOk;
  } catch (const sim::InputError& e) {
    std::cerr << "aidivide: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "aidivide recover: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace app
