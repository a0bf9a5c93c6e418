// `aidivide params`: prints the parameter tree (defaults or a resolved scenario), YAML or Markdown.
#include <boost/program_options.hpp>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "app/command_line.hpp"
#include "app/commands.hpp"
#include "models/lever_reference.hpp"
#include "models/scenario.hpp"
#include "sim/error.hpp"

namespace po = boost::program_options;

namespace app {

namespace {

constexpr const char* kParamsUsage =
    "usage: aidivide params [SCENARIO.yaml] [--set key.path=value]...\n"
    "                       [--format yaml|markdown|levers]\n\n"
    "Prints every parameter: the defaults, or the values a scenario resolves to after its\n"
    "extends chain and the --set overrides. YAML output loads back as a scenario; Markdown\n"
    "output is the parameter reference (default, unit, range, source and meaning); levers\n"
    "is the lever reference (intensity unit and range, effect, parameters, cost) in Markdown.\n\n";

}  // namespace

int cmd_params(int argc, char** argv) {
  CommandLine cli("params", kParamsUsage);
  std::string format = "yaml";
  std::vector<std::string> sets;
  std::string scenario_path;
  cli.options().add_options()("format,f", po::value(&format)->default_value("yaml"),
                              "yaml, markdown or levers")(
      "set", po::value(&sets)->composing(), "override a parameter: key.path=value (repeatable)");
  cli.positional("scenario", &scenario_path, false);
  if (const auto status = cli.parse(argc, argv)) return *status;
  if (format != "yaml" && format != "markdown" && format != "levers") {
    std::cerr << "aidivide params: --format: expected yaml, markdown or levers (got " << format
              << ")\n";
    return kExitBadInput;
  }
  try {
    const models::Scenario scenario = scenario_path.empty()
                                          ? models::default_scenario(sets)
                                          : models::load_scenario(scenario_path, sets);
    std::cout << (format == "yaml"       ? models::params_to_yaml(scenario.params)
                  : format == "markdown" ? models::params_to_markdown(scenario.params)
                                         : models::levers_to_markdown(scenario.params));
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "aidivide params: cannot write to standard output\n";
      return kExitFailure;
    }
  } catch (const sim::InputError& e) {
    std::cerr << "aidivide: " << e.what() << "\n";
    return kExitBadInput;
  } catch (const std::exception& e) {
    std::cerr << "aidivide params: " << e.what() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace app
