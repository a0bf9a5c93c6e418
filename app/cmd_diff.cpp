// `aidivide diff A.h5 B.h5`: applies the identity rule to two run outputs and prints the result.
#include <exception>
#include <iostream>
#include <string>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "sim/error.hpp"
#include "sim/h5_compare.hpp"

namespace app {

int cmd_diff(int argc, char** argv) {
  CommandLine cli(
      "diff",
      "usage: aidivide diff A.h5 B.h5 [options]\n\n"
      "Prints \"identical\" (exit 0) when both runs hold the same data and attributes,\n"
      "apart from created, start_time, end_time, threads, timing_* and status;\n"
      "otherwise lists the differences (exit 1). Unreadable files: exit 2.\n\n");
  std::string a, b;
  cli.options().add_options()(
      "prefix", "pass when every record of A equals B's record at the same time index")(
      "ignore-scenario", "also ignore scenario_name, scenario_yaml and parameters_yaml");
  cli.positional("A.h5", &a);
  cli.positional("B.h5", &b);
  if (const auto status = cli.parse(argc, argv)) return *status;

  sim::CompareOptions options;
  options.prefix = cli.has("prefix");
  options.ignore_scenario = cli.has("ignore-scenario");
  try {
    const sim::CompareResult result = sim::compare_h5(a, b, options);
    if (result.identical) {
      std::cout << "identical\n";
      return kExitOk;
    }
    for (const std::string& line : result.differences) std::cout << line << "\n";
    return kExitFailure;
  } catch (const sim::InputError& e) {
    std::cerr << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "aidivide diff: " << e.what() << "\n";
    return kExitFailure;
  }
}

}  // namespace app
