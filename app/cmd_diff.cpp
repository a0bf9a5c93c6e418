// `aidivide diff A.h5 B.h5`: applies the identity rule to two run outputs and prints the result.
#include <boost/program_options.hpp>
#include <exception>
#include <iostream>
#include <string>

#include "app/commands.hpp"
#include "sim/error.hpp"
#include "sim/h5_compare.hpp"

namespace app {

int cmd_diff(int argc, char** argv) {
  namespace po = boost::program_options;
  po::options_description visible(
      "usage: aidivide diff A.h5 B.h5 [options]\n"
      "Prints \"identical\" (exit 0) when both runs hold the same data and attributes, apart from\n"
      "created, start_time, end_time, threads, timing_* and status; otherwise lists the\n"
      "differences (exit 1).\n\noptions");
  visible.add_options()("help,h", "print this help")(
      "prefix", "pass when every record of A equals B's record at the same time index")(
      "ignore-scenario", "also ignore scenario_name, scenario_yaml and parameters_yaml");
  po::options_description hidden;
  hidden.add_options()("a", po::value<std::string>())("b", po::value<std::string>());
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("a", 1).add("b", 1);

  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(all).positional(positional).run(), vm);
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "aidivide diff: " << e.what() << "\n" << visible << "\n";
    return kExitBadInput;
  }
  if (vm.count("help") > 0) {
    std::cout << visible << "\n";
    return kExitOk;
  }
  if (vm.count("a") == 0 || vm.count("b") == 0) {
    std::cerr << "aidivide diff: needs two files\n" << visible << "\n";
    return kExitBadInput;
  }

  sim::CompareOptions options;
  options.prefix = vm.count("prefix") > 0;
  options.ignore_scenario = vm.count("ignore-scenario") > 0;
  try {
    const sim::CompareResult result =
        sim::compare_h5(vm["a"].as<std::string>(), vm["b"].as<std::string>(), options);
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
