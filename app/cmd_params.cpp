// `aidivide params`: prints the parameter tree (defaults or a resolved scenario), YAML or Markdown.
#include <boost/program_options.hpp>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "app/commands.hpp"
#include "models/scenario.hpp"
#include "sim/error.hpp"

namespace po = boost::program_options;

namespace app {

namespace {

constexpr const char* kParamsUsage =
    "usage: aidivide params [SCENARIO.yaml] [--set key.path=value]... [--format yaml|markdown]\n\n"
    "Prints every parameter: the defaults, or the values a scenario resolves to after its\n"
    "extends chain and the --set overrides. YAML output loads back as a scenario; Markdown\n"
    "output is the parameter reference (default, unit, range, source and meaning).\n\n";

}  // namespace

int cmd_params(int argc, char** argv) {
  po::options_description options("options");
  std::string format = "yaml";
  std::vector<std::string> sets;
  std::string scenario_path;
  options.add_options()("help,h", "show this help")(
      "format,f", po::value(&format)->default_value("yaml"), "yaml or markdown")(
      "set", po::value(&sets)->composing(), "override a parameter: key.path=value (repeatable)");
  po::options_description hidden;
  hidden.add_options()("scenario", po::value(&scenario_path));
  po::options_description all;
  all.add(options).add(hidden);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "aidivide params: " << e.what() << "\n" << kParamsUsage << options;
    return kExitBadInput;
  }
  if (vm.count("help")) {
    std::cout << kParamsUsage << options;
    return kExitOk;
  }
  if (format != "yaml" && format != "markdown") {
    std::cerr << "aidivide params: --format: expected yaml or markdown (got " << format << ")\n";
    return kExitBadInput;
  }
  try {
    const models::Scenario scenario = scenario_path.empty()
                                          ? models::default_scenario(sets)
                                          : models::load_scenario(scenario_path, sets);
    std::cout << (format == "yaml" ? models::params_to_yaml(scenario.params)
                                   : models::params_to_markdown(scenario.params));
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
